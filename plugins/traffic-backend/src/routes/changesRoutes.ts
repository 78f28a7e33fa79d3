import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { ChangeService } from '../services/ChangeService';
import {
  listChangesQuerySchema,
  parseOrThrow,
} from '../services/changes/request';

export interface ChangesRouterOptions {
  changeService: ChangeService;
  httpAuth: HttpAuthService;
}

/**
 * `POST /changes`, `GET /changes`, `GET /changes/:id`. Submitting needs a user (the scaffolder
 * calls on behalf of the initiating user); reading is open to users and services.
 */
export function createChangesRouter(
  options: ChangesRouterOptions,
): express.Router {
  const { changeService, httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  router.post('/changes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const change = await changeService.submit({
      body: req.body,
      credentials,
      request: req,
    });
    res.status(201).json(change);
  });

  router.get('/changes', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseOrThrow(listChangesQuerySchema, req.query, 'query');
    res.json(await changeService.list({ filter: query }));
  });

  router.get('/changes/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await changeService.get({ id: req.params.id }));
  });

  return router;
}
