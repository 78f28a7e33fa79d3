import type { ChangeDecisionRequest, ChangeWithdrawRequest } from '@aks-traffic/backstage-plugin-traffic-common';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ApprovalService } from '../services/approvals/ApprovalService';
import { parseOrThrow } from '../services/changes/request';

export interface ApprovalsRouterOptions {
  approvals: ApprovalService;
  httpAuth: HttpAuthService;
}

const comment = z.string().max(4000).describe('Note for the requester');
/** Bodies of approve and reject (ChangeDecisionRequest in traffic-common). */
const approveSchema = z.object({ comment: comment.optional() }).strict() satisfies z.ZodType<ChangeDecisionRequest>;
const rejectSchema = z
  .object({ comment: comment.refine(text => text.trim().length > 0, 'is required: say what to change so the requester can fix it') })
  .strict() satisfies z.ZodType<ChangeDecisionRequest>;
/** Body of withdraw (ChangeWithdrawRequest in traffic-common). */
const withdrawSchema = z
  .object({ comment: z.string().max(4000).describe('Why the change is no longer wanted').optional() })
  .strict() satisfies z.ZodType<ChangeWithdrawRequest>;

/**
 * `POST /changes/:id/approve` and `POST /changes/:id/reject`: decisions are made by people
 * holding `traffic.change.approve` (user credentials only). `POST /changes/:id/withdraw`: the
 * requester takes their own pending change back (user credentials only). Listing and reading
 * changes are `GET /changes` and `GET /changes/:id` of the changes router.
 */
export function createApprovalsRouter(options: ApprovalsRouterOptions): express.Router {
  const { approvals, httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/changes/:id/approve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseOrThrow(approveSchema, req.body ?? {}, 'approval');
    res.json(await approvals.approve({ id: req.params.id, comment: body.comment?.trim() || undefined, credentials, request: req }));
  });

  router.post('/changes/:id/reject', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseOrThrow(rejectSchema, req.body ?? {}, 'rejection');
    res.json(await approvals.reject({ id: req.params.id, comment: body.comment.trim(), credentials, request: req }));
  });

  router.post('/changes/:id/withdraw', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseOrThrow(withdrawSchema, req.body ?? {}, 'withdrawal');
    res.json(await approvals.withdraw({ id: req.params.id, comment: body.comment?.trim() || undefined, credentials, request: req }));
  });

  return router;
}
