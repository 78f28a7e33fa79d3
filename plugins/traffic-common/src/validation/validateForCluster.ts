import type { KubeObject } from '../kube';
import { compareGatewayApiVersions } from '../builders/rules/versionRules';
import type { GatewayApiVersion } from './crdRegistry';
import type { FieldError } from './fieldErrors';
import { validateCrdObject } from './validateCrdObject';

const OLDEST: GatewayApiVersion = 'v1.2.1';
const NEWEST: GatewayApiVersion = 'v1.5.1';

/**
 * The CRD bundles an object must pass for a cluster on `gatewayApiVersion`. The project ships the
 * v1.2.1 and v1.5.1 bundles (DESIGN §12); a cluster between them (AKS installs v1.3.0 on 1.34 and
 * v1.4.1 on 1.35) gets both, so what is sent is valid on either side of its version. Older or
 * unknown versions use v1.2.1, newer ones v1.5.1.
 */
export function crdBundlesFor(gatewayApiVersion: string): GatewayApiVersion[] {
  if (compareGatewayApiVersions(gatewayApiVersion, NEWEST) >= 0) return [NEWEST];
  if (compareGatewayApiVersions(gatewayApiVersion, OLDEST) <= 0) return [OLDEST];
  return [OLDEST, NEWEST];
}

/**
 * Validates an object against every bundle `crdBundlesFor` names for the cluster's version. Returns
 * undefined for kinds that are not CRD kinds, else the errors of all bundles (each error once; an
 * error only one bundle raises names that bundle).
 */
export function validateForGatewayApiVersion(
  object: KubeObject,
  gatewayApiVersion: string,
): { errors: FieldError[] } | undefined {
  const bundles = crdBundlesFor(gatewayApiVersion);
  const results = bundles.map(bundle => ({
    bundle,
    result: validateCrdObject(object, { gatewayApiVersion: bundle }),
  }));
  if (results.every(({ result }) => !result)) return undefined;
  const notServedBy = results.filter(({ result }) => !result).map(({ bundle }) => bundle);
  if (notServedBy.length > 0) {
    // A Gateway API kind one side lacks (TLSRoute before v1.5) is not served in between either.
    return {
      errors: [
        {
          field: 'kind',
          type: 'FieldValueNotSupported',
          message: `Unsupported value: "${object.kind}": not in the Gateway API ${notServedBy.join(
            ', ',
          )} standard channel, which a ${gatewayApiVersion} cluster builds on`,
        },
      ],
    };
  }
  const seen = new Map<string, { error: FieldError; bundles: GatewayApiVersion[] }>();
  for (const { bundle, result } of results) {
    for (const error of result?.errors ?? []) {
      const key = JSON.stringify(error);
      const entry = seen.get(key);
      if (entry) entry.bundles.push(bundle);
      else seen.set(key, { error, bundles: [bundle] });
    }
  }
  const errors = [...seen.values()].map(({ error, bundles: raisedBy }) =>
    bundles.length > 1 && raisedBy.length < bundles.length
      ? { ...error, message: `${error.message} (Gateway API ${raisedBy.join(', ')} schema)` }
      : error,
  );
  return { errors };
}
