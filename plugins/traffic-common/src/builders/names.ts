/** API groups and versions the builders emit. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_V1 = `${GATEWAY_API_GROUP}/v1`;
/** ReferenceGrant is v1beta1 in every AKS bundle (v1.2.1 has no v1). */
export const REFERENCE_GRANT_API_VERSION = `${GATEWAY_API_GROUP}/v1beta1`;
export const ISTIO_NETWORKING_V1 = 'networking.istio.io/v1';
export const ISTIO_SECURITY_V1 = 'security.istio.io/v1';
export const SECRET_PROVIDER_CLASS_API_VERSION = 'secrets-store.csi.x-k8s.io/v1';
export const STATIC_GATEWAY_CONFIGURATION_API_VERSION = 'egressgateway.kubernetes.azure.com/v1alpha1';
export const ISTIO_REVISION_LABEL = 'istio.io/rev';

/**
 * A derived object name that stays within `maxLength`: long names are cut and end in a short
 * hash of the full name, so two long inputs never collide on the same cut.
 */
export function boundedName(base: string, maxLength = 63): string {
  if (base.length <= maxLength) return base;
  const hash = fnv1a32(base).toString(16).padStart(8, '0');
  const head = base.slice(0, maxLength - hash.length - 1).replace(/[-.]+$/, '');
  return `${head}-${hash}`;
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Drops keys whose value is undefined, so built objects hold only what was asked for. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Returns the record when it has entries, otherwise undefined (to omit empty maps). */
export function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}
