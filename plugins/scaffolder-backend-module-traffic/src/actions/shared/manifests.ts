import {
  formatInvalidMessage,
  KubeObject,
  validateForGatewayApiVersion,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { InputError } from '@backstage/errors';
import yaml from 'js-yaml';

/** Validates every built object against the CRD schema + CEL rules of the target version; InputError names object and field. */
export function validateBuiltObjects(
  objects: KubeObject[],
  gatewayApiVersion: string,
): void {
  const problems: string[] = [];
  objects.forEach((object, index) => {
    const result = validateForGatewayApiVersion(object, gatewayApiVersion);
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
