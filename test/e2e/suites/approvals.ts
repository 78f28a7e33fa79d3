// The approval flow through the UI: the `expose-http-route` template with "Create a new Gateway"
// (policy: a new Gateway needs approval) ends with its change pending; the approver (the guest
// user, a platform-team member; the dev portal allows self-approval) opens it on the approvals
// page, sees the diff and dry run, approves with a comment; the change is applied and the new
// route shows in the entity's Routes card.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ClusterTraffic, EntityTrafficResponse } from '@aks-traffic/backstage-plugin-traffic-common';
import { BACKEND_URL, FRONTEND_URL } from '../support/portal.ts';
import { backendJson, card, guestToken, outputDir, saveScreenshot, WAIT_MS, type Session } from '../support/session.ts';

const CLUSTER = 'aks-prod-weu';

export interface Change {
  id: string;
  state: string;
  cluster: string;
  decidedBy?: string;
  decisionComment?: string;
  objectRefs: Array<{ kind: string; name: string; namespace?: string }>;
}

export function approvalsSuite(session: () => Session) {
  describe('approvals', () => {
    test('a template request with a new Gateway waits for approval; approved on the approvals page, its route shows in the Routes card', async () => {
      const { page } = session();
      // Unique per run, so the test also passes on a portal that ran it before.
      const suffix = Date.now().toString(36);
      const gatewayName = `e2e-gw-${suffix}`;
      const routeName = `e2e-appr-${suffix}`;
      const hostname = `e2e-appr-${suffix}.example.com`;
      const comment = `e2e: approved ${suffix}`;

      // The template from the entity's Traffic tab (entity pre-filled).
      await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin/traffic`);
      await page.locator('a', { hasText: /^Create route$/i }).first().click();
      await page.waitForURL(/\/create\/templates\/default\/expose-http-route/);
      await page.getByText('Expose a service over HTTP (Istio Gateway)').first().waitFor();

      // Step 1, Service: the cluster.
      await page.getByLabel(/Component/).first().waitFor();
      assert.match(await page.getByLabel(/Component/).first().inputValue(), /httpbin/);
      await page.getByRole('button', { name: /Cluster/ }).or(page.getByLabel(/^Cluster/)).first().click();
      const clusterOption = page.getByRole('option', { name: new RegExp(CLUSTER) });
      await clusterOption.getByText(/Gateway API v\d/).waitFor();
      await clusterOption.click();
      await page.getByText(/Gateway API v1\.\d+\.\d+ · Istio asm-1-\d+/).first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 2, Gateway: a new one (the default), with a unique name.
      const create = page.getByRole('checkbox', { name: /Create a new Gateway/ });
      await create.waitFor();
      await create.check();
      await page.getByLabel(/^Gateway name/).fill(gatewayName);
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 3, Route.
      await page.getByLabel(/^Route name/).fill(routeName);
      await page.getByLabel(/^Hostname/).fill(hostname);
      await page.getByLabel(/^Path prefix/).fill('/e2e');
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 4, Delivery: apply (the default), with a reason for the approver.
      await page.getByLabel(/^Reason/).fill(`e2e: new gateway ${gatewayName}`);
      await page.getByRole('button', { name: /^Review$/ }).or(page.getByRole('button', { name: 'Next' })).first().click();
      await page.getByText(gatewayName).first().waitFor();
      await page.getByRole('button', { name: 'Create' }).click();

      // The task ends (no task waits for a human) with the change pending approval.
      await page.waitForURL(/\/create\/tasks\//);
      const done = page.getByRole('link', { name: 'Traffic tab' });
      const failed = page.getByText(/failed|error/i).first();
      await done.or(failed).first().waitFor({ timeout: 3 * WAIT_MS });
      await page.screenshot({ path: join(outputDir, 'approvals-task.png'), fullPage: true });
      assert.ok(await done.isVisible(), 'the task finished with its output (see test/e2e/output/approvals-task.png)');
      await page.getByText(/Route change: pending-approval/).waitFor();

      // The backend holds the request's change(s) pending: the new Gateway (and the route, with it
      // or depending on it). Each is approved on the approvals page.
      const pending = (await backendJson<{ items: Change[] }>('/api/traffic/changes?state=pending-approval')).items.filter(
        c => c.objectRefs.some(o => o.name === gatewayName || o.name === routeName),
      );
      assert.ok(pending.some(c => c.objectRefs.some(o => o.kind === 'Gateway' && o.name === gatewayName)), `a pending change creates Gateway ${gatewayName}`);
      for (const change of pending) await approveInUi(page, change, gatewayName, comment);

      await expectRouteInCard(page, routeName, hostname);
    });

    test('the requester withdraws a pending change on the approvals page; it is never applied', async () => {
      const { page } = session();
      const gatewayName = `e2e-wd-${Date.now().toString(36)}`;
      // A new Gateway, submitted by the guest (policy holds it for approval).
      const submitted = await backendPost<Change>('/api/traffic/changes', {
        cluster: CLUSTER,
        journey: 'gateway',
        entityRef: 'component:default/httpbin',
        reason: 'e2e: withdraw me',
        input: { name: gatewayName, listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } }] },
      });
      assert.equal(submitted.state, 'pending-approval');

      await page.goto(`${FRONTEND_URL}/traffic-approvals`);
      const review = page.getByRole('button', { name: `Review change ${submitted.id}` });
      await review.waitFor();
      await review.click();
      const details = card(page, `Change ${submitted.id}`);
      await details.getByText('Waiting for approval').first().waitFor();
      await details.getByRole('button', { name: 'Withdraw' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`Withdraw change ${submitted.id}`).waitFor();
      await dialog.getByLabel(/Comment/).fill('e2e: not needed after all');
      await dialog.getByRole('button', { name: 'Withdraw' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(new RegExp(`Change ${submitted.id}: withdrawn`)).first().waitFor();

      const withdrawn = await backendJson<Change>(`/api/traffic/changes/${submitted.id}`);
      assert.equal(withdrawn.state, 'withdrawn');
      assert.equal(withdrawn.decisionComment, 'e2e: not needed after all');
      const traffic = await backendJson<EntityTrafficResponse>('/api/traffic/entities/component/default/httpbin/traffic');
      const gateways = traffic.clusters.flatMap(c => ('gateways' in c ? c.gateways : []));
      assert.ok(!gateways.some(g => g.ref.name === gatewayName), `Gateway ${gatewayName} was never applied`);

      // The history lists it as withdrawn.
      await page.getByRole('tab', { name: 'History' }).click();
      const history = page.locator('tbody tr').filter({ hasText: 'guest' }).filter({ hasText: /withdrawn/i });
      await history.first().waitFor();
    });
  });
}

/** POST to the backend as the guest user; the answer's JSON (any 2xx). */
async function backendPost<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await guestToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Opens the approvals page, finds the change in the pending queue, reviews it (diff against live
 * state visible) and approves it with a comment; the backend reports it applied.
 */
export async function approveInUi(page: Page, change: Change, gatewayName: string, comment: string) {
  await page.goto(`${FRONTEND_URL}/traffic-approvals`);
  await page.getByRole('heading', { name: 'Traffic approvals' }).first().waitFor();
  const queue = card(page, 'Waiting for approval').or(page.locator('[class*="MuiPaper-root"]').filter({ hasText: 'Waiting for approval' })).first();
  await queue.waitFor();
  const review = page.getByRole('button', { name: `Review change ${change.id}` });
  await review.waitFor();
  await review.click();

  const details = card(page, `Change ${change.id}`);
  await details.waitFor();
  await details.getByText('Waiting for approval').first().waitFor();
  await details.getByText('Diff against live state').waitFor();
  await details.locator('pre').filter({ hasText: gatewayName }).first().waitFor();
  if (change.objectRefs.some(o => o.kind === 'Gateway' && o.name === gatewayName)) {
    // The whole page with the change selected and its diff: the viewport grown to the card's end.
    const viewport = page.viewportSize()!;
    const box = (await details.boundingBox())!;
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(box.y + box.height + 40)) });
    try {
      await saveScreenshot(page, 'approvals-pending');
    } finally {
      await page.setViewportSize(viewport);
    }
  }

  await details.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Approve change ${change.id}`).waitFor();
  await dialog.getByLabel(/Comment/).fill(comment);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(new RegExp(`Change ${change.id}: approved \\(applied\\)`)).first().waitFor();

  const decided = await backendJson<Change>(`/api/traffic/changes/${change.id}`);
  assert.equal(decided.state, 'applied', `change ${change.id} is applied after approval`);
  assert.equal(decided.decisionComment, comment);
  assert.match(decided.decidedBy ?? '', /guest/);
}

/** The backend reports the route Accepted on the cluster, then the Routes card lists it. */
export async function expectRouteInCard(page: Page, routeName: string, hostname: string) {
  const deadline = Date.now() + 2 * WAIT_MS;
  let accepted = false;
  while (!accepted && Date.now() < deadline) {
    const traffic = await backendJson<EntityTrafficResponse>('/api/traffic/entities/component/default/httpbin/traffic');
    const route = traffic.clusters
      .filter((c): c is ClusterTraffic => 'routes' in c && c.cluster === CLUSTER)
      .flatMap(c => c.routes)
      .find(r => r.ref.name === routeName);
    accepted = route?.state === 'ok';
    if (!accepted) await new Promise(r => setTimeout(r, 500));
  }
  assert.ok(accepted, `route ${routeName} reaches Accepted within ${2 * WAIT_MS} ms`);

  await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin/traffic`);
  const routesCard = card(page, 'Routes');
  await routesCard.getByText(/\d+ routes?/).first().waitFor();
  const search = routesCard.getByPlaceholder(/Filter|Search/i);
  if (await search.count()) await search.fill(routeName);
  const row = routesCard.locator('tbody tr').filter({ has: page.locator('strong', { hasText: new RegExp(`^${routeName}$`) }) });
  await row.waitFor();
  await row.getByText(`http://${hostname}/e2e`).waitFor();
  await row.locator('[aria-label^="Accepted:"]').waitFor();
}
