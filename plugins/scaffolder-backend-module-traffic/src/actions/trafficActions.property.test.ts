/**
 * Property tests over every action's input: random mutations of valid seed inputs (wrong types,
 * YAML/template injection strings, huge and empty values, unknown and missing fields, delivery
 * options). Every run must either succeed or fail with an InputError whose every line names a
 * field; nothing but the (mock) traffic backend is ever called, and only for accepted apply input.
 * `FAST_CHECK_RUNS` raises the run count (default 1,000 per action), e.g. from
 * `scripts/property-tests.sh`.
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import assert from 'node:assert/strict';
import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import yaml from 'js-yaml';
import {
  actionContext,
  recordingHandlers,
  strictMswServer,
  tempWorkspace,
  testActions,
} from './__testUtils__/actionTestUtils';
import { examples as egressExamples } from './egressCreate.examples';
import { examples as gatewayExamples } from './gatewayCreate.examples';
import { examples as meshExamples } from './meshMtlsEnable.examples';
import { examples as routeExamples } from './routeCreate.examples';
import { examples as tlsExamples } from './tlsCreate.examples';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 1000);
jest.setTimeout(Math.max(60_000, RUNS * 60));

const INJECTIONS = [
  'a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x',
  '---',
  '{{ parameters.name }}',
  '${{ parameters.name }}',
  'name: injected',
  '- item',
  '"quoted"',
  "'; DROP TABLE changes; --",
  '../../etc/passwd',
  '/etc/passwd',
  '*',
  '*.example.com',
  '',
  ' ',
  '\u0000',
  'A'.repeat(300),
  'asm-1-26',
  'default',
  'HTTPS',
  'v1.5.1',
  'component:default/x',
  'ünïcødé',
];

const value: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  leaf: fc.oneof(
    fc.constantFrom(...INJECTIONS),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: -100000, max: 100000 }),
    fc.constantFrom(
      0,
      1,
      2,
      80,
      443,
      15021,
      65535,
      65536,
      -1,
      1.5,
      Number.MAX_SAFE_INTEGER,
    ),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'name',
        'port',
        'protocol',
        'value',
        'x',
        '__proto__',
        'kind',
      ),
      tie('node'),
      { maxKeys: 3 },
    ),
  ),
})).node;

type Path = Array<string | number>;

const DELETE = Symbol('delete');

function pathsOf(input: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(input))
    input.forEach((item, index) =>
      out.push(...pathsOf(item, [...prefix, index])),
    );
  else if (input && typeof input === 'object')
    for (const [key, child] of Object.entries(input))
      out.push(...pathsOf(child, [...prefix, key]));
  return out;
}

function mutate(
  input: unknown,
  path: Path,
  next: unknown | typeof DELETE,
): unknown {
  if (path.length === 0) return next === DELETE ? undefined : next;
  const copy: any = Array.isArray(input)
    ? [...input]
    : { ...(input as object) };
  const [head, ...rest] = path;
  if (rest.length === 0 && next === DELETE) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
  } else {
    copy[head] = mutate(copy[head], rest, next);
  }
  return copy;
}

const EXTRA_KEYS = [
  'delivery',
  'path',
  'gatewayApiVersion',
  'entityRef',
  'reason',
  'unknownField',
  'cluster',
  'namespace',
  'kind',
  'metadata',
];

/** Every line of the message names a field: `field.path[0]: what to do`. */
const FIELD_LINE =
  /^(input|[A-Za-z_$][\w$]*(\[\d+\]|\["[^"]*"\]|\.[A-Za-z_$][\w$-]*)*): \S/;

const ACTIONS: Array<[string, Record<string, unknown>[]]> = [
  [
    'traffic:gateway:create',
    gatewayExamples.map(e => (yaml.load(e.example) as any).steps[0].input),
  ],
  [
    'traffic:route:create',
    routeExamples.map(e => (yaml.load(e.example) as any).steps[0].input),
  ],
  [
    'traffic:egress:create',
    egressExamples.map(e => (yaml.load(e.example) as any).steps[0].input),
  ],
  [
    'traffic:tls:create',
    tlsExamples.map(e => (yaml.load(e.example) as any).steps[0].input),
  ],
  [
    'traffic:mesh-mtls:enable',
    meshExamples.map(e => (yaml.load(e.example) as any).steps[0].input),
  ],
];

describe.each(ACTIONS)('%s input properties', (actionId, seeds) => {
  const server = strictMswServer();
  registerMswTestHooks(server);
  const action = testActions()[actionId];
  const workspacePath = tempWorkspace();

  it(`never crashes; rejections are InputErrors naming fields; only accepted apply input calls the backend (${RUNS} runs)`, async () => {
    const mutation = fc
      .record({
        seed: fc.nat({ max: seeds.length - 1 }),
        edits: fc.array(
          fc.record({
            pick: fc.nat(),
            extraKey: fc.option(fc.constantFrom(...EXTRA_KEYS), { freq: 4 }),
            next: fc.oneof(
              { weight: 4, arbitrary: value },
              { weight: 1, arbitrary: fc.constant(DELETE) },
            ),
          }),
          { minLength: 0, maxLength: 4 },
        ),
        delivery: fc.constantFrom(undefined, 'files', 'apply'),
      })
      .map(({ seed, edits, delivery }) => {
        let input: any = { ...seeds[seed], ...(delivery ? { delivery } : {}) };
        for (const edit of edits) {
          if (edit.extraKey) {
            input = mutate(input, [edit.extraKey], edit.next);
            continue;
          }
          const paths = pathsOf(input).filter(p => p.length > 0);
          if (paths.length === 0) continue;
          input = mutate(input, paths[edit.pick % paths.length], edit.next);
        }
        return input;
      });

    await fc.assert(
      fc.asyncProperty(mutation, async input => {
        const { requests, handlers } = recordingHandlers();
        server.resetHandlers(...handlers);
        const { ctx, outputs } = actionContext(input ?? {}, { workspacePath });
        let error: unknown;
        try {
          await action.handler(ctx);
        } catch (e) {
          error = e;
        }
        // node:assert inside the property: jest's expect must not be called conditionally.
        if (error) {
          assert.ok(
            error instanceof InputError,
            `not an InputError: ${(error as Error)?.stack}`,
          );
          for (const line of error.message.split('\n'))
            assert.match(line, FIELD_LINE);
          assert.equal(requests.filter(r => r.path === '/changes').length, 0);
          return;
        }
        const documents = yaml.loadAll(outputs.manifests) as any[];
        assert.equal(documents.length, outputs.objectRefs.length);
        documents.forEach((document, index) =>
          assert.equal(document.metadata.name, outputs.objectRefs[index].name),
        );
        assert.deepEqual(
          requests.map(r => r.path),
          input?.delivery === 'apply' ? ['/clusters', '/changes'] : [],
        );
      }),
      { numRuns: RUNS },
    );
  });
});
