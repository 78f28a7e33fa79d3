import {
  formatInvalidMessage,
  listCrdKinds as commonListCrdKinds,
  validateCrdObject,
  type CrdKind,
  type FieldError,
  type GatewayApiVersion,
  type KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { admitBuiltIn, validateMetadata, validateName } from './builtInAdmission';
import { invalid, invalidMessage, type StatusCause } from './errors';
import type { ResourceType } from './types';

export type { GatewayApiVersion };
export type CrdKindInfo = CrdKind;

/** Schema + CEL validation of a CRD kind with defaults applied (traffic-common's `validateCrdObject`). */
export type CrdValidator = (
  object: KubeObject,
  options: { gatewayApiVersion: GatewayApiVersion; oldObject?: KubeObject },
) => { errors: FieldError[]; object: KubeObject } | undefined;

export function listCrdKinds(version: GatewayApiVersion): CrdKindInfo[] {
  return commonListCrdKinds(version);
}

export const defaultCrdValidator: CrdValidator = validateCrdObject;

export interface AdmissionOptions {
  gatewayApiVersion: GatewayApiVersion;
  crdValidator?: CrdValidator;
}

/**
 * Runs defaulting and validation the way the API server's admission chain does for one write.
 * Returns the object to store (defaults applied, unknown CRD fields pruned) or throws 422 Invalid.
 */
export function admit(resource: ResourceType, object: KubeObject, old: KubeObject | undefined, options: AdmissionOptions): KubeObject {
  const name = object.metadata.name;
  const causes: StatusCause[] = [...(old ? [] : validateName(resource, name)), ...validateMetadata(object)];
  if (causes.length > 0) throw invalid(resource.group, resource.kind, String(name ?? ''), invalidMessage(resource.group, resource.kind, String(name ?? ''), causes), causes);

  if (resource.crd) {
    const validator = options.crdValidator;
    const result = validator?.(object, { gatewayApiVersion: options.gatewayApiVersion, oldObject: old });
    if (!result) return object;
    if (result.errors.length > 0) {
      const crdCauses = result.errors.map(e => ({ reason: e.type, message: e.message, field: e.field }));
      const message = formatInvalidMessage(object, result.errors);
      throw invalid(resource.group, resource.kind, name, message, crdCauses);
    }
    // The validator may drop metadata fields it does not know; the server-owned ones must survive.
    return { ...result.object, metadata: { ...object.metadata, ...result.object.metadata } };
  }

  const builtInCauses = admitBuiltIn(resource, object, old);
  if (builtInCauses.length > 0) {
    throw invalid(resource.group, resource.kind, name, invalidMessage(resource.group, resource.kind, name, builtInCauses), builtInCauses);
  }
  return object;
}
