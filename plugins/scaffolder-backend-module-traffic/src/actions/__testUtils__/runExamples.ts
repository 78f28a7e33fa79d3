import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';
import { actionContext, recordingHandlers } from './actionTestUtils';

/** Runs one example's step through the action (files into a temp workspace, apply against the mock backend). */
export async function runExample(options: {
  action: TemplateAction<any, any, any>;
  example: TemplateExample;
  use(...handlers: ReturnType<typeof recordingHandlers>['handlers']): void;
}) {
  const { steps } = yaml.load(options.example.example) as {
    steps: Array<{ action: string; input: Record<string, unknown> }>;
  };
  const { requests, handlers } = recordingHandlers();
  options.use(...handlers);
  const { ctx, outputs } = actionContext(steps[0].input);
  await options.action.handler(ctx);
  return {
    steps,
    outputs,
    documents: yaml.loadAll(outputs.manifests) as unknown[],
    requestedPaths: requests.map(r => r.path),
    expectedPaths:
      steps[0].input.delivery === 'apply' ? ['/clusters', '/changes'] : [],
    expectedState: steps[0].input.delivery === 'apply' ? 'applied' : undefined,
  };
}
