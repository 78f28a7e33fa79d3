// The dev portal as a new user sees it: started with the README's command, signed in as guest,
// driven through Debian Chromium. One portal and one browser for every suite (each suite is a
// module under suites/ registered here, so a fresh portal starts once per run).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BACKEND_URL, FRONTEND_URL } from './support/portal.ts';
import { openSession, outputDir, type Session } from './support/session.ts';
import { cardsSuite } from './suites/cards.ts';
import { pagesSuite } from './suites/pages.ts';
import { templateSuite } from './suites/template.ts';
import { approvalsSuite } from './suites/approvals.ts';

let session: Session | undefined;
const current = () => {
  if (!session) throw new Error('the portal session did not open (see the before hook)');
  return session;
};

before(async () => {
  session = await openSession();
});

// A failing test leaves a screenshot of the page in test/e2e/output/ for the CI log.
afterEach(async t => {
  if ((t as { passed?: boolean }).passed || !session) return;
  const name = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
  await session.page.screenshot({ path: join(outputDir, `failed-${name}.png`), fullPage: true }).catch(() => {});
});

after(async () => {
  await session?.close();
});

describe('portal', () => {
  test('the backend answers health and lists the example entities and templates location', async () => {
    const health = await fetch(`${BACKEND_URL}/api/traffic/health`);
    assert.equal(health.status, 200);
    const entities = (await (
      await fetch(`${BACKEND_URL}/api/catalog/entities?fields=kind,metadata.name`)
    ).json()) as Array<{ kind: string; metadata: { name: string } }>;
    const names = entities.map(e => `${e.kind}:${e.metadata.name}`);
    for (const expected of ['Component:httpbin', 'Component:store-front', 'Component:store-admin', 'Component:curl', 'Group:platform-team', 'Location:aks-traffic-templates']) {
      assert.ok(names.includes(expected), `catalog lists ${expected}`);
    }
  });

  test('the catalog shows the seed applications', async () => {
    const { page } = current();
    await page.goto(`${FRONTEND_URL}/catalog`);
    await page.getByRole('link', { name: 'httpbin' }).waitFor();
    await page.getByRole('link', { name: 'store-front' }).waitFor();
    await page.screenshot({ path: join(outputDir, 'catalog.png') });
  });

  test('an example entity has a Traffic tab', async () => {
    const { page } = current();
    await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin`);
    await page.getByRole('tab', { name: 'Traffic' }).waitFor();
    await page.screenshot({ path: join(outputDir, 'httpbin-overview.png'), fullPage: true });
  });

  test('the scaffolder lists the traffic templates', async () => {
    const { page } = current();
    await page.goto(`${FRONTEND_URL}/create`);
    await page.getByText(/expose|route/i).first().waitFor();
    await page.screenshot({ path: join(outputDir, 'create.png') });
  });
});

cardsSuite(current);
pagesSuite(current);
templateSuite(current);
approvalsSuite(current);
