/* Test helper: loads Istio's Gateway API controller test data (inputs and the statuses Istio wrote). */
import fs from 'fs';
import path from 'path';
import { loadAll } from 'js-yaml';
import { KubeObject } from '../../kube';

/** `<repo>/../shared/data/istio-gateway-status` (see DESIGN §12); TRAFFIC_SHARED_DATA overrides `<repo>/../shared/data`. */
export const ISTIO_STATUS_DIR = path.join(
  process.env.TRAFFIC_SHARED_DATA ??
    path.resolve(__dirname, '../../../../../../shared/data'),
  'istio-gateway-status',
);

export interface IstioCase {
  name: string;
  /** Input objects, each with the status Istio wrote (spec from the input, status from `.status.yaml`). */
  objects: KubeObject[];
}

const keyOf = (o: KubeObject) =>
  `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

function readYaml(file: string): KubeObject[] {
  return (loadAll(fs.readFileSync(file, 'utf8')) as KubeObject[]).filter(
    Boolean,
  );
}

export function loadIstioCase(name: string): IstioCase {
  const inputs = readYaml(path.join(ISTIO_STATUS_DIR, `${name}.yaml`));
  const statuses = new Map(
    readYaml(path.join(ISTIO_STATUS_DIR, `${name}.status.yaml`)).map(o => [
      keyOf(o),
      o,
    ]),
  );
  return {
    name,
    objects: inputs.map(input => {
      const written = statuses.get(keyOf(input));
      // Istio's output carries only status; objects it did not write keep their input status (or none).
      return written ? { ...input, status: written.status } : input;
    }),
  };
}

export function listIstioCases(): string[] {
  if (!fs.existsSync(ISTIO_STATUS_DIR)) {
    throw new Error(
      `Istio status data not found at ${ISTIO_STATUS_DIR}; set TRAFFIC_SHARED_DATA`,
    );
  }
  return fs
    .readdirSync(ISTIO_STATUS_DIR)
    .filter(f => f.endsWith('.status.yaml'))
    .map(f => f.replace(/\.status\.yaml$/, ''))
    .sort();
}
