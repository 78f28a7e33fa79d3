import { examples } from './routeCreate.examples';
import { describeExamples } from './__testUtils__/runExamples';

describeExamples('traffic:route:create', examples);
