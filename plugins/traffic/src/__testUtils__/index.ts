export { mockTrafficApi, renderWithEntity } from './renderWithEntity';
