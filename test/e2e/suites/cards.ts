// The entity cards on the overview page of the example entities, with live data from the
// aks-sim `demo` seed (packages/aks-sim/README.md, "The demo seed").
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterTraffic, EntityTrafficResponse } from '@aks-traffic/backstage-plugin-traffic-common';
import { FRONTEND_URL } from '../support/portal.ts';
import { card, entityTraffic, saveScreenshot, type Session } from '../support/session.ts';

const answered = (response: EntityTrafficResponse) =>
  response.clusters.filter((c): c is ClusterTraffic => 'routes' in c);

export function cardsSuite(session: () => Session) {
  describe('httpbin overview: Routes card', () => {
    test('lists every route the backend reports, healthy ones Accepted, httpbin-preview NotAllowedByListeners with sentence and fix', async () => {
      const { page } = session();
      const traffic = await entityTraffic<EntityTrafficResponse>('httpbin', body =>
        answered(body).some(c => c.routes.some(r => r.parents.some(p => p.accepted.reason === 'NotAllowedByListeners'))),
      );
      const routes = answered(traffic).flatMap(c => c.routes);
      assert.ok(routes.length >= 6, `the demo seed gives httpbin at least 6 routes (got ${routes.length})`);

      await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin`);
      const routesCard = card(page, 'Routes');
      await routesCard.getByText(/\d+ routes?, 1 failing/).waitFor();
      const rowOf = (namespace: string, name: string) =>
        routesCard
          .locator('tbody tr')
          .filter({ has: page.locator('strong', { hasText: new RegExp(`^${name}$`) }) })
          .filter({ hasText: `${namespace} · HTTPRoute` });

      // The seed's healthy routes: one Accepted chip per parent, and a link for each URL.
      for (const name of ['http', 'httpbin', 'httpbin-api', 'httpbin-legacy']) {
        const row = rowOf('default', name);
        await row.first().waitFor();
        await row.first().locator('[aria-label^="Accepted:"]').first().waitFor();
        assert.equal(await row.first().locator('[data-testid="status-error"]').count(), 0, `${name} has no error`);
      }
      for (const route of routes.filter(r => r.state === 'ok')) {
        for (const url of route.urls) {
          await routesCard.getByRole('link', { name: new RegExp(url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) }).first().waitFor();
        }
      }

      // The route the listener refuses: chip "Not accepted", reason, sentence and fix on hover.
      const preview = routes.find(r => r.ref.name === 'httpbin-preview');
      assert.ok(preview, 'the backend reports httpbin-preview');
      const problem = preview.parents[0].accepted;
      assert.equal(problem.reason, 'NotAllowedByListeners');
      const previewRow = rowOf('httpbin-preview', 'httpbin-preview');
      const chip = previewRow.locator('[aria-label^="Not accepted:"]');
      await chip.hover();
      const tooltip = page.getByRole('tooltip');
      await tooltip.getByText('Accepted (NotAllowedByListeners):').waitFor();
      await tooltip.getByText(problem.message, { exact: false }).waitFor();
      await tooltip.getByText(`Fix: ${problem.fix}`).waitFor();
      await page.mouse.move(0, 0);
      await tooltip.waitFor({ state: 'hidden' });

      // The same text in the row's expansion, which stays open for the screenshot.
      await previewRow.locator('button').first().click();
      const panel = routesCard.getByText(`Fix: ${problem.fix}`);
      await panel.waitFor();
      await saveScreenshot(routesCard, 'routes-card');
    });
  });

  describe('httpbin overview: TLS certificates card', () => {
    test('warns about the 10-day Key Vault certificate, flags the expired one, explains the unsynced listener', async () => {
      const { page } = session();
      await entityTraffic<EntityTrafficResponse>('httpbin', body =>
        answered(body).some(c => c.certificates.some(cert => cert.state === 'warning')),
      );
      await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin`);
      const certs = card(page, 'TLS certificates');
      await certs.getByText(/\d+ certificates?, \d+ need attention/).waitFor();
      const rowOf = (listener: string) =>
        certs.locator('tbody tr').filter({
          has: page.locator('strong', { hasText: new RegExp(`› ${listener}$`) }),
        });

      // Listener https: Key Vault certificate minted with 10 days left -> warning (default warn at 30).
      const https = rowOf('https');
      await https.getByText(/^expires in (9|10) days$/).waitFor();
      await https.locator('[data-testid="status-warning"]').first().waitFor();
      await https.getByText(/via SecretProviderClass httpbin-credential-spc/).waitFor();

      // Listener https-legacy: an expired certificate -> error.
      const legacy = rowOf('https-legacy');
      await legacy.getByText(/^expired \d+ days? ago$/).waitFor();
      await legacy.locator('[data-testid="status-error"]').first().waitFor();
      await legacy.getByText(/The certificate expired on \d{4}-\d{2}-\d{2}\./).waitFor();

      // Listener https-api: SecretProviderClass without a mounting pod -> not synced, explained.
      const api = rowOf('https-api');
      await api.getByText('Not synced from Key Vault yet').waitFor();
      await api.getByText(/syncs only while a pod mounts SecretProviderClass api-credential-spc/).waitFor();
      await api.getByText(/^Fix: Run a workload in namespace default that mounts SecretProviderClass api-credential-spc/).waitFor();

      await saveScreenshot(certs, 'certificates-card');
    });
  });

  describe('curl overview: Egress card', () => {
    test('shows the egress IP prefix with a copy button, REGISTRY_ONLY and the three allowed hosts', async () => {
      const { page } = session();
      const traffic = await entityTraffic<EntityTrafficResponse>('curl', body =>
        answered(body).some(c => c.egress.gateways.some(g => g.prefix.kind === 'cidr')),
      );
      const egress = answered(traffic).flatMap(c => c.egress.gateways.map(g => ({ cluster: c, gateway: g })));
      const withPrefix = egress.find(e => e.gateway.prefix.kind === 'cidr');
      assert.ok(withPrefix, 'the backend reports an egress gateway with a CIDR prefix');
      const prefix = withPrefix.gateway.prefix.raw!;
      assert.match(prefix, /^\d+\.\d+\.\d+\.\d+\/30$/, 'the seed asks for a /30 public prefix');
      const hosts = answered(traffic).flatMap(c => c.egress.hosts.map(h => h.host));
      assert.deepEqual([...hosts].sort(), ['api.github.com', 'edition.cnn.com', 'httpbin.org']);

      await page.goto(`${FRONTEND_URL}/catalog/default/component/curl`);
      const egressCard = card(page, 'Egress');
      await egressCard.getByText('Egress IPs').waitFor();
      await egressCard.locator('code', { hasText: prefix }).waitFor();
      await egressCard.getByRole('button', { name: `Copy egress IPs of ${withPrefix.gateway.name}` }).waitFor();
      await egressCard.getByText(`StaticGatewayConfiguration ${withPrefix.gateway.staticGatewayConfiguration}`).waitFor();
      for (const host of hosts) {
        await egressCard.getByRole('cell', { name: host, exact: true }).waitFor();
      }
      await egressCard.getByText(/Outbound policy REGISTRY_ONLY \(mesh\)/).waitFor();
      assert.equal(
        await egressCard.getByText(/not restricted \(ALLOW_ANY\)/).count(),
        answered(traffic).filter(c => c.egress.outboundPolicy.mode === 'ALLOW_ANY').length,
        'an ALLOW_ANY warning only for clusters whose policy is ALLOW_ANY',
      );
      await saveScreenshot(egressCard, 'egress-card');
    });
  });
}
