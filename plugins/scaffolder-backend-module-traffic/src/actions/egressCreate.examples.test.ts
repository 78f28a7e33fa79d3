import { examples } from './egressCreate.examples';
import { describeExamples } from './__testUtils__/runExamples';

describeExamples('traffic:egress:create', examples);
