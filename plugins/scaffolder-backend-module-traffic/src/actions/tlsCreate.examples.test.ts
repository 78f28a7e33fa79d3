import { examples } from './tlsCreate.examples';
import { describeExamples } from './__testUtils__/runExamples';

describeExamples('traffic:tls:create', examples);
