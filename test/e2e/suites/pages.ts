// The entity's Traffic tab (all cards plus gateway details) and the approvals page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterTraffic, EntityTrafficResponse } from '@aks-traffic/backstage-plugin-traffic-common';
import { FRONTEND_URL } from '../support/portal.ts';
import { card, entityTraffic, saveScreenshot, type Session } from '../support/session.ts';

export function pagesSuite(session: () => Session) {
  describe('httpbin Traffic tab', () => {
    test('shows the cards and gateway details: addresses, listeners with attached routes, workload health, Istio revision', async () => {
      const { page } = session();
      const traffic = await entityTraffic<EntityTrafficResponse>('httpbin', body =>
        body.clusters.some(c => c.gateways.some(g => g.ref.name === 'httpbin-gateway' && g.addresses.length > 0)),
      );
      const weu = traffic.clusters.find(
        (c): c is ClusterTraffic => 'gateways' in c && c.gateways.some(g => g.ref.name === 'httpbin-gateway'),
      );
      assert.ok(weu, 'a cluster reports Gateway default/httpbin-gateway');
      const gateway = weu.gateways.find(g => g.ref.name === 'httpbin-gateway')!;
      assert.ok(gateway.addresses.length > 0, 'the gateway has an address');

      await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin`);
      await page.getByRole('tab', { name: 'Traffic' }).click();
      await page.waitForURL(/\/catalog\/default\/component\/httpbin\/traffic/);
      for (const title of ['Routes', 'TLS certificates', 'Egress', 'Gateways']) {
        await card(page, title).waitFor();
      }
      await page.locator('a', { hasText: /^Create route$/i }).first().waitFor();

      const gateways = card(page, 'Gateways');
      await gateways.getByText(/^Gateway default\/httpbin-gateway/).waitFor();
      await gateways.getByText(`${gateway.addresses[0].value} (${gateway.addresses[0].type})`, { exact: false }).waitFor();
      await gateways.getByText(/Istio revision: asm-1-\d+/).first().waitFor();
      await gateways.getByText(/Deployment httpbin-gateway-istio/).waitFor();
      await gateways.getByText(/HorizontalPodAutoscaler httpbin-gateway-istio/).waitFor();
      await gateways.getByText(/PodDisruptionBudget httpbin-gateway-istio/).waitFor();
      for (const listener of gateway.listeners) {
        const row = gateways.locator('tbody tr').filter({
          has: page.getByRole('cell', { name: listener.name, exact: true }),
        });
        await row.first().waitFor();
        if (listener.attachedRoutes !== undefined) {
          await row.first().getByRole('cell', { name: String(listener.attachedRoutes), exact: true }).waitFor();
        }
      }
      // https-api has no synced Secret: the listener explains it.
      await gateways.getByText(/api-credential/).first().waitFor();

      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'traffic-tab');
      await saveScreenshot(gateways.first(), 'gateways-card');
    });
  });

  describe('approvals page', () => {
    test('loads the pending queue and the history tab', async () => {
      const { page } = session();
      await page.goto(`${FRONTEND_URL}/traffic-approvals`);
      await page.getByRole('heading', { name: 'Traffic approvals' }).first().waitFor();
      await page.getByRole('tab', { name: /^Pending/ }).waitFor();
      // Either the queue or its empty text, never an error panel.
      await page
        .getByText('Waiting for approval')
        .or(page.getByText('No changes are waiting for approval.'))
        .first()
        .waitFor();
      assert.equal(await page.getByText(/Could not load|Error:/).count(), 0, 'no error on the approvals page');
      await saveScreenshot(page, 'approvals-page');
      await page.getByRole('tab', { name: 'History' }).click();
      await page
        .getByText('Decided changes')
        .or(page.getByText('No decided changes yet.'))
        .first()
        .waitFor();
    });
  });
}
