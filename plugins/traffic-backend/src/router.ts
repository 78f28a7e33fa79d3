import {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { createReadRouter } from './routes/readRoutes';
import { createChangesRouter } from './routes/changesRoutes';
import { createApprovalsRouter } from './routes/approvalsRoutes';
import type { ApprovalService } from './services/approvals/ApprovalService';
import type { ChangeService } from './services/ChangeService';
import type { TrafficCache } from './services/cache';
import type { EntityTrafficService } from './services/EntityTrafficService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  cache: TrafficCache;
  entityTraffic: EntityTrafficService;
  changeService: ChangeService;
  approvals?: ApprovalService;
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
  router.use(createChangesRouter(options));
  if (options.approvals) router.use(createApprovalsRouter({ approvals: options.approvals, httpAuth: options.httpAuth }));

  return router;
}
