/** Test helpers: the seed manifests, and validation of built objects with the CRD validator. */
import fs from 'fs';
import path from 'path';
import type { KubeObject } from '../../kube/types';
import { extractYamlManifests, validateCrdObject } from '../../validation';
import type { GatewayApiVersion } from '../../validation';
import { SEEDS_DIR } from '../../validation/testing/sharedData';

export type SeedName =
  | 'istio-gateway-api-ingress-aks'
  | 'gateway-api-managed-istio-external-ingress'
  | 'istio-egress-gateway-aks'
  | 'istio-front-door-private-link'
  | 'app-gateway-for-containers-istio';

export function seedText(seed: SeedName): string {
  return fs.readFileSync(path.join(SEEDS_DIR, `${seed}.txt`), 'utf8');
}

/** Manifests of a seed, in order; `where` picks by kind and name (nth match, default first). */
export function seedManifest(seed: SeedName, kind: string, name: string, nth = 0): KubeObject {
  const matches = extractYamlManifests(seedText(seed)).filter(m => m.kind === kind && m.metadata.name === name);
  const found = matches[nth];
  if (!found) throw new Error(`seed ${seed} has no ${kind} ${name} #${nth}`);
  return found;
}

export function seedManifests(seed: SeedName): KubeObject[] {
  return extractYamlManifests(seedText(seed));
}

/** CRD validation errors of each object, as `Kind/name: field: message` lines (empty = valid). */
export function crdErrors(objects: readonly KubeObject[], gatewayApiVersion: GatewayApiVersion): string[] {
  return objects.flatMap(object => {
    const result = validateCrdObject(object, { gatewayApiVersion });
    return (result?.errors ?? []).map(error => `${object.kind}/${object.metadata.name}: ${error.field}: ${error.message}`);
  });
}
