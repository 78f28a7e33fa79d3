import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { startTestPostgres, TestPostgres } from '../approvals/__testUtils__/postgres';
import { ChangeStore } from './ChangeStore';
import { OWNER_ANNOTATION } from './ownership';
import type { ChangeRecord } from './types';

jest.setTimeout(120_000);

const object = (name: string, owner: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: 'default', annotations: { [OWNER_ANNOTATION]: owner } },
});

let sequence = 0;
const record = (state: ChangeRecord['state'], objects: any[], cluster = 'aks-a'): ChangeRecord => {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence++)).toISOString();
  return {
    id: `00000000-0000-0000-0000-${String(sequence).padStart(12, '0')}`,
    cluster,
    journey: 'route',
    requestedBy: 'user:default/alice',
    state,
    objects,
    objectRefs: [],
    plan: [],
    dryRunResult: [],
    warnings: [],
    message: '',
    policyReasons: [],
    createdAt: at,
    updatedAt: at,
  };
};

describe.each(['sqlite', 'postgres'])('ChangeStore.lastAppliedObjects (%s)', kind => {
  let postgres: TestPostgres | undefined;
  let db: Knex;
  let store: ChangeStore;
  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startTestPostgres();
      db = knexFactory({ client: 'pg', connection: await postgres.createDatabase() });
    } else {
      db = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    }
    store = await ChangeStore.create({ database: mockServices.database({ knex: db }) });
  });
  afterAll(async () => {
    await db.destroy();
    await postgres?.stop();
  });

  it('finds the newest applied or unchanged change of an owner on that cluster', async () => {
    await store.insert(record('applied', [object('old', 'route/default/shop')]));
    await store.insert(record('applied', [object('new', 'route/default/shop')]));
    // Not applied, another cluster, or another owner whose name the owner is a prefix of.
    await store.insert(record('failed', [object('failed', 'route/default/shop')]));
    await store.insert(record('dry-run', [object('dry', 'route/default/shop')]));
    await store.insert(record('applied', [object('elsewhere', 'route/default/shop')], 'aks-b'));
    await store.insert(record('applied', [object('longer', 'route/default/shop-2')]));

    const found = await store.lastAppliedObjects({ cluster: 'aks-a', owner: 'route/default/shop' });
    expect(found?.map(o => o.metadata.name)).toEqual(['new']);
    await store.insert(record('unchanged', [object('same', 'route/default/shop')]));
    expect(
      (await store.lastAppliedObjects({ cluster: 'aks-a', owner: 'route/default/shop' }))?.map(
        o => o.metadata.name,
      ),
    ).toEqual(['same']);
  });

  it('treats LIKE wildcards in an owner literally', async () => {
    await store.insert(record('applied', [object('x', 'route/ns/a-b')]));
    expect(await store.lastAppliedObjects({ cluster: 'aks-a', owner: 'route/ns/a_b' })).toBeUndefined();
    expect(await store.lastAppliedObjects({ cluster: 'aks-a', owner: 'route/ns/%' })).toBeUndefined();
    expect(await store.lastAppliedObjects({ cluster: 'aks-a', owner: 'route/nobody/x' })).toBeUndefined();
  });
});
