import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { PatchStrategy } from '@kubernetes/client-node';
import { extractYamlManifests, type KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { startAksSim, type AksSim } from './startAksSim';
import { clientsFor, statusOf } from './__testUtils__/clients';

/** ../shared beside the repository. */
const SHARED = path.resolve(__dirname, '../../../../../shared');
const INVALID_DIR = path.join(SHARED, 'data/gateway-api-invalid-examples');
const SAMPLES = ['httpbin.yaml', 'curl.yaml', 'staticgatewayconfiguration.yaml', 'gateway-api-conformance-base.yaml'];

function loadYaml(file: string): KubeObject[] {
  const text = fs.readFileSync(file, 'utf8').split('{GATEWAY_CLASS_NAME}').join('istio');
  return (yaml.loadAll(text) as KubeObject[]).filter(Boolean);
}

describe('admission of the shared manifest sets (Gateway API v1.2.1)', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;
  const apply = (object: KubeObject) =>
    clients.objects.patch(object as any, undefined, undefined, 'manifest-test', true, PatchStrategy.ServerSideApply);

  async function ensureNamespace(name: string | undefined) {
    if (!name) return;
    const exists = await clients.core.readNamespace({ name }).then(() => true, () => false);
    if (!exists) await clients.core.createNamespace({ body: { metadata: { name } } });
  }

  async function applyAll(manifests: KubeObject[]) {
    const ordered = [...manifests.filter(m => m.kind === 'Namespace'), ...manifests.filter(m => m.kind !== 'Namespace')];
    const failures: string[] = [];
    for (const manifest of ordered) {
      await ensureNamespace(manifest.metadata.namespace);
      try {
        await apply(manifest);
      } catch (error: any) {
        failures.push(`${manifest.kind}/${manifest.metadata.name}: ${error.code} ${error.body}`);
      }
    }
    return failures;
  }

  beforeAll(async () => {
    sim = await startAksSim({ clusters: [{ name: 'manifests', kubernetesVersion: '1.33' }], controllers: false });
    clients = clientsFor(sim.clusters[0]);
  });
  afterAll(() => sim.stop());

  const invalidFiles = fs.readdirSync(INVALID_DIR).filter(f => f.endsWith('.yaml')).sort();

  it.each(invalidFiles)('rejects %s with 422 naming a field', async file => {
    for (const manifest of loadYaml(path.join(INVALID_DIR, file))) {
      const rejected = await statusOf(apply(manifest));
      expect(rejected.code).toBe(422);
      expect(rejected.body.reason).toBe('Invalid');
      expect(rejected.body.details.causes.some((cause: { field?: string }) => !!cause.field)).toBe(true);
    }
  });

  it.each(SAMPLES)('accepts every manifest of samples/%s via server-side apply', async file => {
    expect(await applyAll(loadYaml(path.join(SHARED, 'data/samples', file)))).toEqual([]);
  });

  const seeds = fs.readdirSync(path.join(SHARED, 'seeds')).filter(f => f.endsWith('.txt')).sort();

  it.each(seeds)('accepts every manifest of seed %s via server-side apply', async file => {
    const manifests = extractYamlManifests(fs.readFileSync(path.join(SHARED, 'seeds', file), 'utf8'));
    expect(manifests.length).toBeGreaterThan(0);
    expect(await applyAll(manifests)).toEqual([]);
  });
});
