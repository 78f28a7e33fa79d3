import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { badRequest, methodNotAllowed, notFound, successStatus, unsupportedMediaType } from '../store/errors';
import { isPlainObject } from '../store/fieldSets';
import type { MemoryObjectStore } from '../store/memoryStore';
import { apiVersionOf } from '../store/resources';
import type { PatchType, ResourceType, WriteOptions } from '../store/types';
import { isReadOnly } from './discovery';
import { mediaType, parseBody, readBody, sendJson } from './http';
import { serveWatch, type WatchSettings } from './watchHandler';
import type { FaultInjector } from '../faults/faultInjector';

export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  store: MemoryObjectStore;
  faults: FaultInjector;
  watchSettings: WatchSettings;
  resource: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

function writeOptions(request: ResourceRequest): WriteOptions {
  const { query, req } = request;
  const dryRun = query.getAll('dryRun');
  if (dryRun.some(value => value !== 'All')) throw badRequest(`Invalid dryRun value: ${dryRun.join(',')}; supported values: "All"`);
  let fieldManager = query.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
  // Without an explicit manager, Kubernetes names the writer after its user agent.
  fieldManager ??= (req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown';
  const force = query.get('force');
  return {
    dryRun: dryRun.length > 0,
    fieldManager,
    force: force === 'true' || force === '1',
    subresource: request.subresource === 'status' ? 'status' : undefined,
  };
}

function listKindOf(resource: ResourceType): string {
  return `${resource.kind}List`;
}

/** Handles a request for a collection or object of one kind. */
export async function handleResource(request: ResourceRequest): Promise<void> {
  const { req, res, query, store, resource, namespace, name, subresource } = request;
  const method = req.method ?? 'GET';
  if (subresource !== undefined && subresource !== 'status') throw notFound(resource.group, `${resource.plural}/${subresource}`, name ?? '');
  if (subresource === 'status' && !resource.statusSubresource) throw notFound(resource.group, `${resource.plural}/status`, name ?? '');
  const apiVersion = apiVersionOf(resource);
  // Across all namespaces a namespaced kind can only be read.
  if (resource.namespaced && namespace === undefined && method !== 'GET') throw methodNotAllowed();

  if (name === undefined) {
    if (method === 'GET') {
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        serveWatch({ ...request, settings: request.watchSettings });
        return;
      }
      const page = store.listPage(resource, {
        namespace,
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit: query.has('limit') ? Number(query.get('limit')) : undefined,
        continue: query.get('continue') || undefined,
      });
      const metadata = JSON.stringify({
        resourceVersion: page.resourceVersion,
        ...(page.continue ? { continue: page.continue } : {}),
        ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
      });
      const items = page.entries.map(entry => store.jsonOf(entry.object, apiVersion)).join(',');
      sendJson(res, 200, `{"kind":${JSON.stringify(listKindOf(resource))},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${metadata},"items":[${items}]}`);
      return;
    }
    if (isReadOnly(resource)) throw methodNotAllowed();
    if (method === 'POST') {
      const body = await objectBody(req);
      checkIdentity(body, resource, namespace, undefined);
      const created = store.create(withNamespace(body, resource, namespace), writeOptions(request));
      sendJson(res, 201, created);
      return;
    }
    if (method === 'DELETE') {
      const options = writeOptions(request);
      const page = store.listPage(resource, { namespace, labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined });
      const deleted = page.entries.map(entry => store.delete(resource, entry.object.metadata.namespace, entry.object.metadata.name, options)).filter((o): o is KubeObject => o !== undefined);
      sendJson(res, 200, { kind: listKindOf(resource), apiVersion, metadata: { resourceVersion: String(store.currentResourceVersion()) }, items: deleted });
      return;
    }
    throw methodNotAllowed();
  }

  if (method === 'GET') {
    const entry = store.entry(resource, namespace, name);
    if (!entry) throw notFound(resource.group, resource.plural, name);
    sendJson(res, 200, store.jsonOf(entry.object, apiVersion));
    return;
  }
  if (isReadOnly(resource)) throw methodNotAllowed();
  if (method === 'PUT') {
    const body = await objectBody(req);
    checkIdentity(body, resource, namespace, name);
    const replaced = store.replace(withNamespace(body, resource, namespace), writeOptions(request));
    sendJson(res, 200, replaced);
    return;
  }
  if (method === 'PATCH') {
    const type = PATCH_TYPES[mediaType(req.headers['content-type'])];
    if (!type) throw unsupportedMediaType(mediaType(req.headers['content-type']) || '(none)');
    const options = writeOptions(request);
    if (type === 'apply' && !request.query.get('fieldManager')) throw badRequest('PATCH /apply requires fieldManager');
    if (type !== 'apply' && request.query.has('force')) throw badRequest('force may not be specified for non-apply patch');
    const body = parseBody(await readBody(req), type === 'apply' ? 'yaml' : 'json');
    const existed = store.entry(resource, namespace, name) !== undefined;
    const patched = store.patch(resource, namespace, name, { type, body }, options);
    sendJson(res, type === 'apply' && !existed && !options.dryRun ? 201 : 200, patched);
    return;
  }
  if (method === 'DELETE') {
    const options = writeOptions(request);
    const text = await readBody(req);
    const deleteOptions = text.trim() ? (parseBody(text, 'json') as Record<string, unknown>) : {};
    const policy = (query.get('propagationPolicy') ?? deleteOptions.propagationPolicy) as WriteOptions['propagationPolicy'];
    const orphan = query.get('orphanDependents') === 'true' || deleteOptions.orphanDependents === true;
    const preconditions = deleteOptions.preconditions as WriteOptions['preconditions'];
    const outcome = store.deleteWithOutcome(resource, namespace, name, {
      ...options,
      propagationPolicy: orphan ? 'Orphan' : policy,
      ...(preconditions ? { preconditions } : {}),
    });
    if (!outcome) throw notFound(resource.group, resource.plural, name);
    if (outcome.pending) {
      sendJson(res, 200, outcome.object);
      return;
    }
    sendJson(res, 200, successStatus({ name, group: resource.group, kind: resource.plural, uid: outcome.object.metadata.uid }));
    return;
  }
  throw methodNotAllowed();
}

async function objectBody(req: IncomingMessage): Promise<KubeObject> {
  const type = mediaType(req.headers['content-type']) || 'application/json';
  if (!['application/json', 'application/yaml', 'application/x-yaml', '*/*'].includes(type)) throw unsupportedMediaType(type);
  const body = parseBody(await readBody(req), type);
  if (!isPlainObject(body)) throw badRequest('the request body must be a Kubernetes object');
  return body as KubeObject;
}

function checkIdentity(body: KubeObject, resource: ResourceType, namespace: string | undefined, name: string | undefined): void {
  const expected = apiVersionOf(resource);
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (body.kind !== undefined && body.kind !== resource.kind) {
    throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${resource.kind})`);
  }
  if (!isPlainObject(body.metadata)) body.metadata = {} as KubeObject['metadata'];
  if (resource.namespaced && namespace !== undefined && body.metadata.namespace && body.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (name !== undefined && body.metadata.name !== name) {
    throw badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${name})`);
  }
}

function withNamespace(body: KubeObject, resource: ResourceType, namespace: string | undefined): KubeObject {
  return {
    ...body,
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    metadata: { ...body.metadata, ...(resource.namespaced && namespace !== undefined ? { namespace } : {}) },
  };
}
