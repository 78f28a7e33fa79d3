import {
  buildChange,
  BuildChangeContext,
  formatInputIssues,
  formatInvalidMessage,
  InputIssue,
  InputValidationError,
  KubeObject,
  sortForApply,
  TrafficJourney,
  validateForGatewayApiVersion,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { InputError } from '@backstage/errors';

/** Kinds a client may submit as raw objects (all are CRD kinds, so all are schema-validated). */
export const RAW_OBJECT_ALLOW_LIST: ReadonlyArray<{
  group: string;
  kinds: string[];
}> = [
  {
    group: 'gateway.networking.k8s.io',
    kinds: ['Gateway', 'HTTPRoute', 'TLSRoute', 'ReferenceGrant'],
  },
  {
    group: 'networking.istio.io',
    kinds: [
      'Gateway',
      'VirtualService',
      'DestinationRule',
      'ServiceEntry',
      'Sidecar',
    ],
  },
  { group: 'security.istio.io', kinds: ['PeerAuthentication'] },
  { group: 'secrets-store.csi.x-k8s.io', kinds: ['SecretProviderClass'] },
  {
    group: 'egressgateway.kubernetes.azure.com',
    kinds: ['StaticGatewayConfiguration'],
  },
];

export const MAX_RAW_OBJECTS = 64;

/** Turns the common library's field-named validation error into Backstage's InputError. */
export function toInputError(error: unknown, prefix?: string): never {
  if (error instanceof InputValidationError) {
    const issues = prefix
      ? error.issues.map(issue => ({
          ...issue,
          field: issue.field ? `${prefix}.${issue.field}` : prefix,
        }))
      : error.issues;
    throw new InputError(formatInputIssues(issues));
  }
  throw error;
}

/** Validates built or submitted objects against the CRD schemas and CEL rules of the cluster's bundle. */
export function validateObjects(
  objects: KubeObject[],
  gatewayApiVersion: string,
): void {
  const messages: string[] = [];
  for (const object of objects) {
    const result = validateForGatewayApiVersion(object, gatewayApiVersion);
    if (result && result.errors.length > 0)
      messages.push(formatInvalidMessage(object, result.errors));
  }
  if (messages.length > 0) {
    throw new InputError(
      `The objects do not pass the Gateway API ${gatewayApiVersion} schema: ${messages.join(
        '; ',
      )}`,
    );
  }
}

export interface BuiltObjects {
  objects: KubeObject[];
  warnings: string[];
}

/** Builds a journey's objects on the server with the common builders (client-built objects are never trusted). */
export function buildJourneyObjects(
  journey: TrafficJourney,
  input: unknown,
  context: BuildChangeContext,
  /** Where the input sits in the request, for error messages (`input`, `also[0].input`). */
  field = 'input',
): BuiltObjects {
  let built;
  try {
    built = buildChange(journey, input, context);
  } catch (error) {
    return toInputError(error, field);
  }
  validateObjects(built.objects, context.gatewayApiVersion);
  return built;
}

const SERVER_FIELDS = [
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
];

/**
 * Checks raw objects: an allow-listed kind, a name and namespace, no status, then the CRD schema.
 * Server-managed metadata is dropped. Throws InputError naming `objects[i]`.
 */
export function checkRawObjects(
  raw: unknown[],
  gatewayApiVersion: string,
): BuiltObjects {
  const issues: InputIssue[] = [];
  if (raw.length === 0)
    issues.push({ field: 'objects', message: 'needs at least one object' });
  if (raw.length > MAX_RAW_OBJECTS)
    issues.push({
      field: 'objects',
      message: `has too many objects: use at most ${MAX_RAW_OBJECTS}`,
    });
  const objects: KubeObject[] = [];
  raw.forEach((candidate, index) => {
    const field = `objects[${index}]`;
    if (
      !candidate ||
      typeof candidate !== 'object' ||
      Array.isArray(candidate)
    ) {
      issues.push({ field, message: 'is not a Kubernetes object' });
      return;
    }
    const object = candidate as KubeObject;
    const apiVersion =
      typeof object.apiVersion === 'string' ? object.apiVersion : '';
    const group = apiVersion.includes('/')
      ? apiVersion.slice(0, apiVersion.indexOf('/'))
      : '';
    const allowed = RAW_OBJECT_ALLOW_LIST.find(
      entry => entry.group === group,
    )?.kinds.includes(object.kind);
    if (!allowed) {
      issues.push({
        field: `${field}.kind`,
        message: `${JSON.stringify(object.kind)} (${
          apiVersion || 'no apiVersion'
        }) may not be submitted: allowed are ${RAW_OBJECT_ALLOW_LIST.map(
          e => `${e.group} ${e.kinds.join('/')}`,
        ).join('; ')}`,
      });
      return;
    }
    const metadata = object.metadata;
    if (!metadata || typeof metadata.name !== 'string' || !metadata.name) {
      issues.push({ field: `${field}.metadata.name`, message: 'is required' });
      return;
    }
    if (typeof metadata.namespace !== 'string' || !metadata.namespace) {
      issues.push({
        field: `${field}.metadata.namespace`,
        message: 'is required: every allowed kind is namespaced',
      });
      return;
    }
    if (object.status !== undefined) {
      issues.push({
        field: `${field}.status`,
        message: 'must not be set: status belongs to the controllers',
      });
      return;
    }
    const cleanMeta: Record<string, unknown> = { ...metadata };
    for (const key of SERVER_FIELDS) delete cleanMeta[key];
    objects.push({ ...object, metadata: cleanMeta as KubeObject['metadata'] });
  });
  const seen = new Set<string>();
  objects.forEach((object, index) => {
    const key = `${object.apiVersion}/${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
    if (seen.has(key))
      issues.push({
        field: `objects[${index}]`,
        message: `duplicates ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`,
      });
    seen.add(key);
  });
  if (issues.length > 0) throw new InputError(formatInputIssues(issues));
  validateObjects(objects, gatewayApiVersion);
  return { objects: sortForApply(objects), warnings: [] };
}
