import { examples } from './routeCreate.examples';
import { describeActionExamples } from './__testUtils__/runExamples';

describeActionExamples('traffic:route:create', examples);
