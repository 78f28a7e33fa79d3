import { examples } from './tlsCreate.examples';
import { describeActionExamples } from './__testUtils__/runExamples';

describeActionExamples('traffic:tls:create', examples);
