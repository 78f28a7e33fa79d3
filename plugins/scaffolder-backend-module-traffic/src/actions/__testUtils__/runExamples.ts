import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';
import { actionContext, recordingHandlers, strictMswServer, testActions } from './actionTestUtils';

/** Runs every example of an action through its handler (files into a temp workspace, apply against a mock backend). */
export function describeExamples(actionId: string, examples: TemplateExample[]) {
  describe(`${actionId} examples`, () => {
    const server = strictMswServer();
    registerMswTestHooks(server);
    const action = testActions()[actionId];

    it('has examples', () => expect(examples.length).toBeGreaterThan(0));

    it.each(examples.map(example => [example.description, example] as const))('%s', async (_description, example) => {
      const { steps } = yaml.load(example.example) as { steps: Array<{ action: string; input: Record<string, unknown> }> };
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe(actionId);
      const { requests, handlers } = recordingHandlers();
      server.use(...handlers);
      const { ctx, outputs } = actionContext(steps[0].input);
      await action.handler(ctx);
      expect(outputs.objectRefs.length).toBeGreaterThan(0);
      expect((yaml.loadAll(outputs.manifests) as unknown[]).length).toBe(outputs.objectRefs.length);
      if (steps[0].input.delivery === 'apply') {
        expect(requests.map(r => r.path)).toEqual(['/clusters', '/changes']);
        expect(outputs.changeState).toBe('applied');
      } else {
        expect(requests).toHaveLength(0);
      }
    });
  });
}
