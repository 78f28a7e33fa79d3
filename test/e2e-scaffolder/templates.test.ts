/**
 * Static checks of templates/<name>/template.yaml: every traffic:* action exists in
 * createTrafficActions and every step input key is in that action's input schema; the forms use
 * the EntityPicker and the Traffic field extensions; every expression is in the subset the
 * journey tests render; the catalog Location covers every template.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
import { createTrafficActions } from '../../plugins/scaffolder-backend-module-traffic/src/actions';
import {
  evaluate,
  formDefaults,
  loadTemplate,
  render,
} from './support/templateRunner';

const root = path.resolve(__dirname, '../..');
const names = fs
  .readdirSync(path.join(root, 'templates'))
  .filter(name =>
    fs.existsSync(path.join(root, 'templates', name, 'template.yaml')),
  );
const actions = new Map(
  createTrafficActions({ auth: {} as any, discovery: {} as any }).map(
    action => [action.id, action],
  ),
);
const BUILT_IN_ACTIONS = new Set(['debug:log']);

function fields(template: any): Map<string, any> {
  const out = new Map<string, any>();
  for (const page of template.spec.parameters) {
    for (const [key, property] of Object.entries<any>(page.properties ?? {}))
      out.set(key, property);
    for (const dependency of Object.values<any>(page.dependencies ?? {})) {
      for (const branch of dependency.oneOf ?? [])
        for (const [key, property] of Object.entries<any>(
          branch.properties ?? {},
        ))
          out.set(key, property);
    }
  }
  return out;
}

function expressions(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string')
    for (const match of value.matchAll(/\$\{\{\s*(.+?)\s*\}\}/g))
      out.push(match[1]);
  else if (Array.isArray(value)) value.forEach(item => expressions(item, out));
  else if (value && typeof value === 'object')
    Object.values(value).forEach(item => expressions(item, out));
  return out;
}

test('the six journey templates exist', () => {
  assert.deepEqual([...names].sort(), [
    'agc-mesh-mtls',
    'egress-static-ip',
    'expose-http-route',
    'front-door-private-link',
    'https-keyvault-tls',
    'managed-external-ingress-route',
  ]);
});

test('the root catalog-info.yaml registers ./templates/*/template.yaml', () => {
  const documents = yaml.loadAll(
    fs.readFileSync(path.join(root, 'catalog-info.yaml'), 'utf8'),
  ) as any[];
  const location = documents.find(
    d =>
      d.kind === 'Location' &&
      d.spec.targets?.includes('./templates/*/template.yaml'),
  );
  assert.ok(location);
});

for (const name of names) {
  describe(`template ${name}`, () => {
    const template = loadTemplate(name) as any;

    test('is a v1beta3 Template named after its folder', () => {
      assert.equal(template.apiVersion, 'scaffolder.backstage.io/v1beta3');
      assert.equal(template.kind, 'Template');
      assert.equal(template.metadata.name, name);
      assert.ok(template.metadata.title && template.metadata.description);
    });

    test('every step action exists and every input key is in the action schema', () => {
      for (const step of template.spec.steps) {
        if (BUILT_IN_ACTIONS.has(step.action)) continue;
        const action = actions.get(step.action);
        assert.ok(action, `${step.id}: unknown action ${step.action}`);
        const properties = (action!.schema?.input as any)?.properties ?? {};
        for (const key of Object.keys(step.input ?? {}))
          assert.ok(
            key in properties,
            `${step.id}: input ${key} is not in ${step.action}'s schema`,
          );
        for (const key of (action!.schema?.input as any)?.required ?? [])
          assert.ok(
            key in step.input,
            `${step.id}: required input ${key} missing`,
          );
      }
    });

    test('forms: entityRef with EntityPicker, cluster with TrafficClusterPicker, ui:help, delivery choice', () => {
      const all = fields(template);
      assert.equal(all.get('entityRef')?.['ui:field'], 'EntityPicker');
      assert.equal(all.get('cluster')?.['ui:field'], 'TrafficClusterPicker');
      assert.deepEqual(all.get('delivery')?.enum, ['apply', 'files']);
      const withHelp = [...all.values()].filter(
        property => property['ui:help'],
      );
      assert.ok(
        withHelp.length >= 5,
        'form fields explain themselves with ui:help',
      );
      if (
        [...all.values()].some(p => p['ui:field'] === 'TrafficGatewayPicker')
      ) {
        assert.ok(
          [...all.values()].some(p => p['ui:field'] === 'TrafficHostnameField'),
        );
      }
    });

    test('every expression is in the rendered subset, and outputs link the Traffic tab', () => {
      const parameters = formDefaults(template, {
        entityRef: 'component:default/x',
        cluster: 'c',
      });
      for (const expression of expressions(template.spec))
        evaluate(expression, { parameters, steps: {} });
      const links = render(template.spec.output.links, {
        parameters,
        steps: {},
      }) as Array<{ url: string }>;
      assert.equal(links[0].url, '/catalog/default/component/x/traffic');
    });
  });
}

test('the Gateway and hostname pickers are used where a route joins an existing Gateway', () => {
  const withPicker = names.filter(name =>
    [...fields(loadTemplate(name) as any).values()].some(
      p => p['ui:field'] === 'TrafficGatewayPicker',
    ),
  );
  assert.ok(withPicker.length >= 4, withPicker.join(','));
});
