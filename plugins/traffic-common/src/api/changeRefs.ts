import type { KubeObject } from '../kube/types';
import type { ChangeObjectRef } from './types';

/** The change API's reference to one object. */
export function changeObjectRefOf(object: KubeObject): ChangeObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.metadata?.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    name: object.metadata?.name,
  };
}

/** `Kind namespace/name` (or `Kind name` for a cluster-scoped object), for messages and tables. */
export function describeChangeObjectRef(
  ref: Pick<ChangeObjectRef, 'kind' | 'namespace' | 'name'>,
): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
