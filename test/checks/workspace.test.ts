// Cross-package checks: the workspace metadata that Backstage tooling and the catalog rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

const root = join(import.meta.dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));

const plugins = readdirSync(join(root, 'plugins')).map(dir => ({
  dir,
  pkg: readJson(join('plugins', dir, 'package.json')),
}));

test('every plugin package declares its Backstage role and plugin id', () => {
  for (const { dir, pkg } of plugins) {
    assert.ok(pkg.backstage?.role, `${dir}: backstage.role`);
    assert.ok(pkg.backstage?.pluginId, `${dir}: backstage.pluginId`);
  }
});

test('the traffic plugin packages list each other in pluginPackages', () => {
  const trafficPackages = plugins
    .filter(p => p.pkg.backstage.pluginId === 'traffic')
    .map(p => p.pkg.name)
    .sort();
  for (const { dir, pkg } of plugins.filter(p => p.pkg.backstage.pluginId === 'traffic')) {
    const listed = [...pkg.backstage.pluginPackages].filter((n: string) => !n.includes('scaffolder-backend-module'));
    assert.deepEqual(listed.sort(), trafficPackages, `${dir}: pluginPackages`);
  }
});

test('packages that read config ship a config schema', () => {
  const backend = readJson('plugins/traffic-backend/package.json');
  assert.equal(backend.configSchema, 'config.d.ts');
  assert.ok(existsSync(join(root, 'plugins/traffic-backend/config.d.ts')));
});

test('catalog-info.yaml has a Component per published package and the templates Location', () => {
  const docs = loadAll(readFileSync(join(root, 'catalog-info.yaml'), 'utf8')) as any[];
  const components = docs.filter(d => d.kind === 'Component').map(d => d.metadata.name);
  for (const { pkg } of plugins) {
    const short = pkg.name.replace('@aks-traffic/', '');
    assert.ok(components.includes(short), `catalog-info.yaml: Component ${short}`);
  }
  for (const doc of docs.filter(d => d.kind === 'Component')) {
    assert.match(doc.spec.owner, /^group:/, `${doc.metadata.name}: owner is a group`);
  }
  const location = docs.find(d => d.kind === 'Location');
  assert.ok(location?.spec.targets.includes('./templates/*/template.yaml'));
});

test('the example entities carry the Kubernetes plugin annotations', () => {
  const docs = loadAll(readFileSync(join(root, 'examples/entities.yaml'), 'utf8')) as any[];
  const components = docs.filter(d => d.kind === 'Component');
  assert.deepEqual(
    components.map(c => c.metadata.name).sort(),
    ['curl', 'httpbin', 'store-admin', 'store-front'],
  );
  for (const c of components) {
    assert.equal(c.metadata.annotations['backstage.io/kubernetes-id'], c.metadata.name);
  }
});

test('the root package requires Node 22.12 or newer', () => {
  assert.equal(readJson('package.json').engines.node, '>=22.12');
});
