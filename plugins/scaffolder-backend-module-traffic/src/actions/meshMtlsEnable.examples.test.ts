import { examples } from './meshMtlsEnable.examples';
import { describeActionExamples } from './__testUtils__/runExamples';

describeActionExamples('traffic:mesh-mtls:enable', examples);
