import type { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { TrafficCache } from '../services/cache';
import type { EntityTrafficService } from '../services/EntityTrafficService';

export interface ReadRouterOptions {
  httpAuth: HttpAuthService;
  cache: TrafficCache;
  entityTraffic: EntityTrafficService;
  logger: LoggerService;
}

const NAME = z.string().min(1).max(253).regex(/^[A-Za-z0-9._-]+$/, 'invalid name');

const entityParams = z.object({ kind: NAME, namespace: NAME, name: NAME });

const gatewaysQuery = z.object({
  cluster: NAME.optional(),
  namespace: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'invalid namespace name')
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`Invalid ${what}: ${issue.path.join('.') || 'value'} ${issue.message}`);
  }
  return result.data;
}

/**
 * The read API of the traffic backend:
 * - `GET /clusters` → `{ items: ClusterSummary[] }`
 * - `GET /entities/:kind/:namespace/:name/traffic` → `EntityTrafficResponse`
 * - `GET /gateways?cluster=&namespace=` → `{ items: GatewayOption[] }`
 *
 * Every route requires a signed-in user or a service (also when the backend's default auth policy is
 * disabled); the entity route reads the catalog with the caller's credentials.
 */
export function createReadRouter(options: ReadRouterOptions): express.Router {
  const { httpAuth, cache, entityTraffic } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await cache.summaries() });
  });

  router.get('/entities/:kind/:namespace/:name/traffic', async (req, res) => {
    const startedAt = Date.now();
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const params = parse(entityParams, req.params, 'entity reference');
    const entityRef = stringifyEntityRef({
      kind: params.kind,
      namespace: params.namespace,
      name: params.name,
    });
    // Stored bytes straight from the cache: no object graph to build and stringify again, no large
    // string per request. Sent without express's ETag (a hash of the whole body per request): every
    // answer carries its own `generatedAt`, so it would never match.
    const chunks = await entityTraffic.getEntityTrafficBody({ entityRef, credentials, startedAt });
    let length = 0;
    for (const chunk of chunks) {
      length += chunk.length;
    }
    res.status(200).set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(length),
    });
    for (let i = 0; i < chunks.length - 1; i++) {
      res.write(chunks[i]);
    }
    res.end(chunks[chunks.length - 1]);
  });

  router.get('/gateways', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(gatewaysQuery, req.query, 'query');
    res.json({ items: await entityTraffic.getGatewayOptions(query) });
  });

  return router;
}
