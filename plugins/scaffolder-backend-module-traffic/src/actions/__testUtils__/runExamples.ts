/* eslint-disable jest/no-export -- a shared suite: every <action>.examples.test.ts calls describeActionExamples */
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  actionContext,
  recordingHandlers,
  strictMswServer,
  testActions,
} from './actionTestUtils';

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

/**
 * The examples test every action has: each example runs through the action, writes or submits
 * objects, and calls the traffic backend only in `apply` mode.
 */
export function describeActionExamples(actionId: string, examples: TemplateExample[]) {
  describe(`${actionId} examples`, () => {
    const server = strictMswServer();
    registerMswTestHooks(server);
    const action = testActions()[actionId];

    it('has examples', () => expect(examples.length).toBeGreaterThan(0));

    it.each(examples.map(example => [example.description, example] as const))(
      '%s',
      async (_description, example) => {
        const run = await runExample({
          action,
          example,
          use: (...handlers) => server.use(...handlers),
        });
        expect(run.steps).toHaveLength(1);
        expect(run.steps[0].action).toBe(actionId);
        expect(run.outputs.objectRefs.length).toBeGreaterThan(0);
        expect(run.documents).toHaveLength(run.outputs.objectRefs.length);
        expect(run.requestedPaths).toEqual(run.expectedPaths);
        expect(run.outputs.changeState).toBe(run.expectedState);
      },
    );
  });
}
