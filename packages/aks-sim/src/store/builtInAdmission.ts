import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { StatusCause } from './errors';
import { isPlainObject } from './fieldSets';
import type { ResourceType } from './types';

/** Causes with the reasons Kubernetes' field errors carry. */
const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field });
const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  field,
});
const notSupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map(s => `"${s}"`).join(', ')}`,
  field,
});

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

export function validateName(resource: ResourceType, name: unknown): StatusCause[] {
  if (typeof name !== 'string' || name === '') return [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }];
  if (LABEL_NAMED_KINDS.has(resource.kind)) {
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      return [invalidValue('metadata.name', name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")];
    }
  } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [invalidValue('metadata.name', name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
  }
  return [];
}

/** metadata.labels and annotations, as ValidateObjectMeta checks them. */
export function validateMetadata(object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (key.length > 316 || !QUALIFIED_NAME.test(key)) causes.push(invalidValue('metadata.labels', key, 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) causes.push(invalidValue('metadata.labels', value, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
  }
  for (const key of Object.keys(object.metadata.annotations ?? {})) {
    if (!QUALIFIED_NAME.test(key)) causes.push(invalidValue('metadata.annotations', key, 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'));
  }
  return causes;
}

function containerCauses(podSpec: unknown, base: string): StatusCause[] {
  if (!isPlainObject(podSpec)) return [required(base)];
  const containers = podSpec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${base}.containers`)];
  const causes: StatusCause[] = [];
  containers.forEach((container, i) => {
    if (!isPlainObject(container) || typeof container.name !== 'string' || !container.name) causes.push(required(`${base}.containers[${i}].name`));
    if (!isPlainObject(container) || typeof container.image !== 'string' || !container.image) causes.push(required(`${base}.containers[${i}].image`));
  });
  return causes;
}

let nextClusterIp = 10;

/** Applies the defaults Kubernetes' built-in registries apply, then validates. Mutates `object`. */
export function admitBuiltIn(resource: ResourceType, object: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const spec = (object.spec ??= {}) as Record<string, unknown>;
  const oldSpec = (old?.spec ?? {}) as Record<string, unknown>;
  switch (resource.kind) {
    case 'Namespace':
      spec.finalizers ??= ['kubernetes'];
      object.status = old?.status ?? { phase: 'Active' };
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name };
      return [];
    case 'Service':
      return admitService(object, spec, oldSpec);
    case 'Secret':
    case 'ConfigMap':
      return admitConfigData(resource, object, old);
    case 'Deployment':
      return admitDeployment(spec);
    case 'Pod':
      spec.restartPolicy ??= 'Always';
      return containerCauses(spec, 'spec');
    case 'HorizontalPodAutoscaler': {
      const causes: StatusCause[] = [];
      if (!isPlainObject(spec.scaleTargetRef)) causes.push(required('spec.scaleTargetRef'));
      if (typeof spec.maxReplicas !== 'number') causes.push(required('spec.maxReplicas'));
      spec.minReplicas ??= 1;
      if (typeof spec.maxReplicas === 'number' && (spec.minReplicas as number) > spec.maxReplicas) {
        causes.push(invalidValue('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
      }
      return causes;
    }
    case 'PodDisruptionBudget':
      if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
        return [invalidValue('spec', spec, 'minAvailable and maxUnavailable cannot be both set')];
      }
      return [];
    default:
      if (Object.keys(spec).length === 0 && !old?.spec) delete object.spec;
      return [];
  }
}

function admitService(object: KubeObject, spec: Record<string, unknown>, oldSpec: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  spec.type ??= 'ClusterIP';
  if (!types.includes(spec.type as string)) causes.push(notSupported('spec.type', spec.type, types));
  spec.sessionAffinity ??= 'None';
  const headless = spec.clusterIP === 'None';
  if (spec.type !== 'ExternalName') {
    spec.clusterIP ??= oldSpec.clusterIP ?? allocateClusterIp();
    if (oldSpec.clusterIP && spec.clusterIP !== oldSpec.clusterIP) causes.push(invalidValue('spec.clusterIP', spec.clusterIP, 'field is immutable'));
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
    spec.allocateLoadBalancerNodePorts ??= true;
  }
  const ports = spec.ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    if (!headless && spec.type !== 'ExternalName') causes.push(required('spec.ports'));
  } else {
    const names = new Set<string>();
    ports.forEach((port, i) => {
      if (!isPlainObject(port)) return;
      port.protocol ??= 'TCP';
      if (typeof port.port !== 'number' || port.port < 1 || port.port > 65535) {
        causes.push(port.port === undefined ? required(`spec.ports[${i}].port`) : invalidValue(`spec.ports[${i}].port`, port.port, 'must be between 1 and 65535, inclusive'));
      }
      port.targetPort ??= port.port;
      if (ports.length > 1 && !port.name) causes.push(required(`spec.ports[${i}].name`));
      if (typeof port.name === 'string') {
        if (names.has(port.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${port.name}"`, field: `spec.ports[${i}].name` });
        names.add(port.name);
      }
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && port.nodePort === undefined) {
        port.nodePort = 30000 + ((Number(port.port) * 7919 + i) % 2768);
      }
    });
  }
  if (object.status === undefined) object.status = { loadBalancer: {} };
  return causes;
}

function allocateClusterIp(): string {
  const n = nextClusterIp++;
  return `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

function admitConfigData(resource: ResourceType, object: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  if (resource.kind === 'Secret') {
    object.type ??= old?.type ?? 'Opaque';
    if (old && old.type !== object.type) causes.push(invalidValue('type', object.type, 'field is immutable'));
    const data = (object.data ?? {}) as Record<string, unknown>;
    if (object.type === 'kubernetes.io/tls') {
      const stringData = (object.stringData ?? {}) as Record<string, unknown>;
      for (const key of ['tls.crt', 'tls.key']) if (data[key] === undefined && stringData[key] === undefined) causes.push(required(`data[${key}]`));
    }
    // stringData is write-only: Kubernetes folds it into data (base64) and drops it.
    if (isPlainObject(object.stringData)) {
      const merged: Record<string, unknown> = { ...data };
      for (const [key, value] of Object.entries(object.stringData)) merged[key] = Buffer.from(String(value)).toString('base64');
      object.data = merged;
      delete object.stringData;
    }
  }
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const key of Object.keys((object[field] ?? {}) as object)) {
      if (!CONFIG_KEY.test(key)) causes.push(invalidValue(`${field}[${key}]`, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    }
  }
  if (old?.immutable === true) {
    if (JSON.stringify(old.data ?? {}) !== JSON.stringify(object.data ?? {})) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: 'data' });
    if (object.immutable !== true) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: 'immutable' });
  }
  if (resource.kind === 'ConfigMap' || resource.kind === 'Secret') delete object.spec;
  return causes;
}

function admitDeployment(spec: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  const selector = spec.selector;
  if (!isPlainObject(selector)) causes.push(required('spec.selector'));
  const template = spec.template;
  if (!isPlainObject(template)) return [...causes, required('spec.template')];
  const labels = (isPlainObject(template.metadata) ? template.metadata.labels : undefined) as Record<string, string> | undefined;
  if (isPlainObject(selector) && isPlainObject(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (labels?.[key] !== value) {
        causes.push(invalidValue('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
        break;
      }
    }
  }
  return [...causes, ...containerCauses(template.spec, 'spec.template.spec')];
}
