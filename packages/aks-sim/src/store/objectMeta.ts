import { randomBytes } from 'node:crypto';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { deepEqual, isPlainObject } from './fieldSets';

/** Metadata only the server sets; stripped from what clients send. */
const SERVER_SET_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink'];

/** A client-sent object without the server-owned metadata (a fresh copy). */
export function withoutServerMetadata(object: KubeObject): KubeObject {
  return stripServerMetadata(structuredClone(object));
}

/** Removes the server-owned metadata from an object the caller already owns (no copy). */
export function stripServerMetadata(object: KubeObject): KubeObject {
  object.metadata = { ...(isPlainObject(object.metadata) ? object.metadata : {}) } as KubeObject['metadata'];
  for (const key of SERVER_SET_METADATA) delete object.metadata[key];
  return object;
}

/** Orders fields as the API server prints them: apiVersion, kind, metadata, then the rest. */
export function canonicalOrder(object: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  const { name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, ...metaRest } = metadata;
  const orderedMeta: Record<string, unknown> = { name };
  if (generateName !== undefined) orderedMeta.generateName = generateName;
  if (namespace !== undefined) orderedMeta.namespace = namespace;
  Object.assign(orderedMeta, { uid, resourceVersion, generation, creationTimestamp });
  if (deletionTimestamp !== undefined) orderedMeta.deletionTimestamp = deletionTimestamp;
  for (const key of Object.keys(orderedMeta)) if (orderedMeta[key] === undefined) delete orderedMeta[key];
  Object.assign(orderedMeta, metaRest);
  return { apiVersion, kind, metadata: orderedMeta as KubeObject['metadata'], ...rest };
}

const GENERATED_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `metadata.generateName` + 5 random characters, as the API server names generated objects. */
export function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const byte of bytes) suffix += GENERATED_SUFFIX_ALPHABET[byte % GENERATED_SUFFIX_ALPHABET.length];
  return `${prefix.slice(0, 58)}${suffix}`;
}

/** True when anything other than metadata (and status, when it is a subresource) differs. */
export function specChanged(before: KubeObject, after: KubeObject, statusIsSubresource: boolean): boolean {
  const strip = (object: KubeObject) => {
    const { metadata: _metadata, status, apiVersion: _apiVersion, ...rest } = object;
    return statusIsSubresource ? rest : { ...rest, status };
  };
  return !deepEqual(strip(before), strip(after));
}

export function nowTimestamp(clock: () => Date): string {
  // Kubernetes timestamps are RFC 3339 with second precision.
  return clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
