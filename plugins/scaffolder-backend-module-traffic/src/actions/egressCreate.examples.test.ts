import { examples } from './egressCreate.examples';
import { describeActionExamples } from './__testUtils__/runExamples';

describeActionExamples('traffic:egress:create', examples);
