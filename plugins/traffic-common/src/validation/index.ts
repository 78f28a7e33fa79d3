export type { CrdKind, GatewayApiVersion } from './crdRegistry';
export { listCrdKinds } from './crdRegistry';
export type { FieldError } from './fieldErrors';
export { formatInvalidMessage } from './fieldErrors';
export type {
  CrdValidationOptions,
  CrdValidationResult,
} from './validateCrdObject';
export { validateCrdObject } from './validateCrdObject';
export type { ExtractManifestsOptions } from './seedManifests';
export { extractYamlManifests } from './seedManifests';
export { crdBundlesFor, validateForGatewayApiVersion } from './validateForCluster';
