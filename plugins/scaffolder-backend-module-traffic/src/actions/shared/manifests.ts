import {
  compareGatewayApiVersions,
  formatInvalidMessage,
  KubeObject,
  validateCrdObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { InputError } from '@backstage/errors';
import yaml from 'js-yaml';

/** The newest CRD bundle we ship at or below the cluster's Gateway API version. */
export function crdBundleFor(gatewayApiVersion: string): 'v1.2.1' | 'v1.5.1' {
  return compareGatewayApiVersions(gatewayApiVersion, 'v1.5.1') >= 0
    ? 'v1.5.1'
    : 'v1.2.1';
}

/** Validates every built object against the CRD schema + CEL rules of the target version; InputError names object and field. */
export function validateBuiltObjects(
  objects: KubeObject[],
  gatewayApiVersion: string,
): void {
  const bundle = crdBundleFor(gatewayApiVersion);
  const problems: string[] = [];
  objects.forEach((object, index) => {
    const result = validateCrdObject(object, { gatewayApiVersion: bundle });
    if (result && result.errors.length > 0) {
      problems.push(
        `manifests[${index}]: ${formatInvalidMessage(object, result.errors)}`,
      );
    }
  });
  if (problems.length > 0) {
    throw new InputError(
      `The built objects do not pass Gateway API ${gatewayApiVersion} validation:\n${problems.join(
        '\n',
      )}`,
    );
  }
}

/** One YAML document per object. js-yaml quotes every string that could be read as YAML structure. */
export function toYaml(object: KubeObject): string {
  return yaml.dump(object, { noRefs: true, lineWidth: -1, sortKeys: false });
}

export function toMultiDocumentYaml(objects: KubeObject[]): string {
  return objects.map(toYaml).join('---\n');
}

/** File name of one object: `<kind>-<namespace>-<name>.yaml`, lowercase (names are DNS names already). */
export function fileNameOf(object: KubeObject): string {
  const parts = [object.kind, object.metadata.namespace, object.metadata.name]
    .filter(Boolean)
    .join('-');
  return `${parts.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}.yaml`;
}
