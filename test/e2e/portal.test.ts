// The dev portal as a new user sees it: started with the README's command, signed in as guest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BACKEND_URL, FRONTEND_URL } from './support/portal.ts';
import { openSession, outputDir, type Session } from './support/session.ts';

let session: Session;

before(async () => {
  session = await openSession();
});

after(async () => {
  await session?.close();
});

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
  const { page } = session;
  await page.goto(`${FRONTEND_URL}/catalog`);
  await page.getByRole('link', { name: 'httpbin' }).waitFor();
  await page.getByRole('link', { name: 'store-front' }).waitFor();
  await page.screenshot({ path: join(outputDir, 'catalog.png') });
});

test('an example entity has a Traffic tab', async () => {
  const { page } = session;
  await page.goto(`${FRONTEND_URL}/catalog/default/component/httpbin`);
  await page.getByRole('tab', { name: 'Traffic' }).waitFor();
  await page.screenshot({ path: join(outputDir, 'httpbin-overview.png'), fullPage: true });
});

test('the scaffolder lists the traffic templates', async () => {
  const { page } = session;
  await page.goto(`${FRONTEND_URL}/create`);
  await page.getByText(/expose|route/i).first().waitFor();
  await page.screenshot({ path: join(outputDir, 'create.png') });
});
