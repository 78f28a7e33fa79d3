import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTrafficActions } from '..';

/** The base URL the mock discovery gives the traffic backend. */
export const TRAFFIC_BASE_URL = 'http://localhost:0/api/traffic';

/** The actions with mock auth (tokens on behalf of the user) and mock discovery. */
export function testActions(): Record<string, TemplateAction<any, any, any>> {
  const actions = createTrafficActions({
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
  });
  return Object.fromEntries(actions.map(action => [action.id, action]));
}

/** An msw server that refuses (fails the test on) any request no handler answers. */
export function strictMswServer() {
  return setupServer();
}

/** Records every request that reaches the (mock) traffic backend. */
export function recordingHandlers(
  options: { clusters?: object[]; change?: (body: any) => object } = {},
) {
  const requests: Array<{
    method: string;
    path: string;
    body?: any;
    authorization?: string | null;
  }> = [];
  const handlers = [
    http.get(`${TRAFFIC_BASE_URL}/clusters`, ({ request }) => {
      requests.push({
        method: 'GET',
        path: '/clusters',
        authorization: request.headers.get('authorization'),
      });
      return HttpResponse.json({
        items: options.clusters ?? [
          {
            name: 'aks-prod-weu',
            reachable: true,
            gatewayApiVersion: 'v1.2.1',
            istioRevisions: ['asm-1-26'],
          },
        ],
      });
    }),
    http.post(`${TRAFFIC_BASE_URL}/changes`, async ({ request }) => {
      const body = await request.json();
      requests.push({
        method: 'POST',
        path: '/changes',
        body,
        authorization: request.headers.get('authorization'),
      });
      const answer = options.change?.(body) ?? {
        id: 'change-1',
        state: body && (body as any).dryRun ? 'dry-run' : 'applied',
        message: 'Applied.',
        warnings: [],
      };
      return HttpResponse.json(answer, { status: 201 });
    }),
  ];
  return { requests, handlers };
}

/** A fresh workspace directory. */
export function tempWorkspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-action-'));
}

/** A mock action context with outputs collected into a plain object. */
export function actionContext(
  input: Record<string, unknown>,
  options: { workspacePath?: string; isDryRun?: boolean } = {},
) {
  const outputs: Record<string, any> = {};
  const ctx = createMockActionContext({
    input: input as any,
    workspacePath: options.workspacePath ?? tempWorkspace(),
  });
  return {
    ctx: {
      ...ctx,
      isDryRun: options.isDryRun,
      output: (name: string, value: unknown) => void (outputs[name] = value),
    } as typeof ctx,
    outputs,
  };
}
