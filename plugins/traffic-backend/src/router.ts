import {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { createReadRouter } from './routes/readRoutes';
import type { TrafficCache } from './services/cache';
import type { EntityTrafficService } from './services/EntityTrafficService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  cache: TrafficCache;
  entityTraffic: EntityTrafficService;
}

/** All routes of `/api/traffic`. Each sub-router checks the caller's credentials itself. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createReadRouter(options));

  return router;
}
