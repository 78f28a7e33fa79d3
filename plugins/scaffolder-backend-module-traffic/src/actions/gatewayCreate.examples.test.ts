import { examples } from './gatewayCreate.examples';
import { describeActionExamples } from './__testUtils__/runExamples';

describeActionExamples('traffic:gateway:create', examples);
