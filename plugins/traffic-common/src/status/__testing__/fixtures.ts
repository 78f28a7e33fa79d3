/* Test helper: the hand-written seed scenario fixtures in src/__fixtures__/status. */
import { KubeObject } from '../../kube';
import agc from '../../__fixtures__/status/agc.json';
import egress from '../../__fixtures__/status/egress.json';
import httpGateway from '../../__fixtures__/status/http-gateway.json';
import httpsKeyVault from '../../__fixtures__/status/https-keyvault.json';
import managedExternalIngress from '../../__fixtures__/status/managed-external-ingress.json';

const FIXTURES = {
  agc,
  egress,
  'http-gateway': httpGateway,
  'https-keyvault': httpsKeyVault,
  'managed-external-ingress': managedExternalIngress,
};

export type FixtureName = keyof typeof FIXTURES;

/** A deep copy of a fixture's objects, so tests may change them. */
export function fixture(name: FixtureName): KubeObject[] {
  return JSON.parse(JSON.stringify(FIXTURES[name].items)) as KubeObject[];
}

export function ofKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter(o => o.kind === kind);
}

export function find(
  objects: KubeObject[],
  kind: string,
  name: string,
  namespace?: string,
): KubeObject {
  const found = objects.find(
    o =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (!found) {
    throw new Error(`fixture has no ${kind} ${namespace ?? '*'}/${name}`);
  }
  return found;
}
