import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { examples } from './egressCreate.examples';
import { strictMswServer, testActions } from './__testUtils__/actionTestUtils';
import { runExample } from './__testUtils__/runExamples';

describe('traffic:egress:create examples', () => {
  const server = strictMswServer();
  registerMswTestHooks(server);
  const action = testActions()['traffic:egress:create'];

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
      expect(run.steps[0].action).toBe('traffic:egress:create');
      expect(run.outputs.objectRefs.length).toBeGreaterThan(0);
      expect(run.documents).toHaveLength(run.outputs.objectRefs.length);
      expect(run.requestedPaths).toEqual(run.expectedPaths);
      expect(run.outputs.changeState).toBe(run.expectedState);
    },
  );
});
