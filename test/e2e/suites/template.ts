// The "expose over HTTP" template (templates/expose-http-route) run through the scaffolder UI:
// from the entity's Traffic tab ("Create route", entity pre-filled), cluster and Gateway
// pickers, apply delivery; then the new route shows in the entity's Routes card.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterTraffic, EntityTrafficResponse } from '@aks-traffic/backstage-plugin-traffic-common';
import { FRONTEND_URL } from '../support/portal.ts';
import { backendJson, card, saveScreenshot, WAIT_MS, type Session } from '../support/session.ts';

const templateFile = join(import.meta.dirname, '..', '..', '..', 'templates', 'expose-http-route', 'template.yaml');
const CLUSTER = 'aks-prod-weu';
const LISTENER = /^default\/httpbin-gateway › http \(HTTP\/80/;

export function templateSuite(session: () => Session) {
  describe('template expose-http-route', () => {
    test(
      'runs through the UI with the cluster and Gateway pickers; the new route appears in the Routes card',
      existsSync(templateFile) ? {} : { skip: `${templateFile} does not exist yet` },
      async () => {
        const { page } = session();
        // Unique per run, so the test also passes on a portal that ran it before.
        const suffix = Date.now().toString(36);
        const routeName = `e2e-${suffix}`;
        const hostname = `e2e-${suffix}.example.com`;

        // Start where a user would: the entity's Traffic tab, which pre-fills the entity.
        await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin/traffic`);
        await page.locator('a', { hasText: /^Create route$/i }).first().click();
        await page.waitForURL(/\/create\/templates\/default\/expose-http-route/);
        await page.getByText('Expose a service over HTTP (Istio Gateway)').first().waitFor();

        // Step 1, Service: the entity is pre-filled; pick the cluster with the cluster picker.
        await page.getByRole('combobox', { name: /Component/ }).or(page.getByLabel(/Component/)).first().waitFor();
        assert.match(
          await page.getByLabel(/Component/).first().inputValue(),
          /httpbin/,
          'the Create route link pre-fills the entity',
        );
        await page.getByRole('button', { name: /Cluster/ }).or(page.getByLabel(/^Cluster/)).first().click();
        const clusterOption = page.getByRole('option', { name: new RegExp(CLUSTER) });
        await clusterOption.getByText(/Gateway API v\d/).waitFor();
        await clusterOption.click();
        await page.getByText(/Gateway API v1\.\d+\.\d+ · Istio asm-1-\d+/).first().waitFor();
        await saveScreenshot(page, 'template-form');
        await page.getByRole('button', { name: 'Next' }).click();

        // Step 2, Gateway: attach to the existing Gateway through the Gateway picker.
        const create = page.getByRole('checkbox', { name: /Create a new Gateway/ });
        await create.waitFor();
        await create.uncheck();
        const picker = page.getByRole('button', { name: /Gateway listener/ }).or(page.getByLabel(/^Gateway listener/)).first();
        await picker.waitFor();
        await page.waitForFunction(
          () => !document.querySelector('[id*="gateway"][aria-disabled="true"]'),
          undefined,
          { timeout: WAIT_MS },
        );
        await picker.click();
        await page.getByRole('option', { name: LISTENER }).first().click();
        await page.getByText(LISTENER).first().waitFor();
        await saveScreenshot(page, 'template-gateway-picker');
        await page.getByRole('button', { name: 'Next' }).click();

        // Step 3, Route.
        await page.getByLabel(/^Route name/).fill(routeName);
        await page.getByLabel(/^Hostname/).fill(hostname);
        await page.getByLabel(/^Path prefix/).fill('/e2e');
        await page.getByRole('button', { name: 'Next' }).click();

        // Step 4, Delivery: apply (the default); then review and create.
        await page.getByLabel(/^Reason/).fill('e2e: expose httpbin on a new hostname');
        await page.getByRole('button', { name: /^Review$/ }).or(page.getByRole('button', { name: 'Next' })).first().click();
        await page.getByText(routeName).first().waitFor();
        await page.getByRole('button', { name: 'Create' }).click();

        // The task page: wait for the end, success or failure, then require success.
        await page.waitForURL(/\/create\/tasks\//);
        const done = page.getByRole('link', { name: 'Traffic tab' });
        const failed = page.getByText(/failed|error/i).first();
        await done.or(failed).first().waitFor({ timeout: 3 * WAIT_MS });
        await page.screenshot({ path: join(import.meta.dirname, '..', 'output', 'template-task.png') });
        assert.ok(await done.isVisible(), 'the task finished with its output link (see test/e2e/output/template-task.png)');
        await page.getByText(/Route change: (applied|unchanged)/).waitFor();

        // The backend sees the route once its watch has it, Accepted by the listener.
        const deadline = Date.now() + 2 * WAIT_MS;
        let accepted = false;
        while (!accepted && Date.now() < deadline) {
          const traffic = await backendJson<EntityTrafficResponse>(
            '/api/traffic/entities/component/default/httpbin/traffic',
          );
          const route = traffic.clusters
            .filter((c): c is ClusterTraffic => 'routes' in c && c.cluster === CLUSTER)
            .flatMap(c => c.routes)
            .find(r => r.ref.name === routeName);
          accepted = route?.state === 'ok';
          if (!accepted) await new Promise(r => setTimeout(r, 500));
        }
        assert.ok(accepted, `route ${routeName} reaches Accepted within ${2 * WAIT_MS} ms`);

        // And the card shows it: follow the task's output link to the Traffic tab.
        await done.click();
        await page.waitForURL(/\/component\/httpbin\/traffic/);
        const routesCard = card(page, 'Routes');
        await routesCard.getByText(/\d+ routes?/).first().waitFor();
        const search = routesCard.getByPlaceholder(/Filter|Search/i);
        if (await search.count()) await search.fill(routeName);
        const row = routesCard
          .locator('tbody tr')
          .filter({ has: page.locator('strong', { hasText: new RegExp(`^${routeName}$`) }) });
        await row.waitFor();
        await row.getByText(`http://${hostname}/e2e`).waitFor();
        await row.locator('[aria-label^="Accepted:"]').waitFor();
      },
    );
  });
}
