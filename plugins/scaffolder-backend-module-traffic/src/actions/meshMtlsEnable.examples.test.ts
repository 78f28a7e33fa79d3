import { examples } from './meshMtlsEnable.examples';
import { describeExamples } from './__testUtils__/runExamples';

describeExamples('traffic:mesh-mtls:enable', examples);
