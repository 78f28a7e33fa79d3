import { examples } from './gatewayCreate.examples';
import { describeExamples } from './__testUtils__/runExamples';

describeExamples('traffic:gateway:create', examples);
