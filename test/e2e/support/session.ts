// One portal and one browser for the whole e2e run, with guest sign-in done once.
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.ts';
import { FRONTEND_URL, startPortal, type Portal } from './portal.ts';

export const outputDir = join(import.meta.dirname, '..', 'output');
export const screenshotDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

export interface Session {
  portal: Portal;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openSession(): Promise<Session> {
  mkdirSync(outputDir, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  const portal = await startPortal(join(outputDir, 'portal.log'));
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(60_000);
  await signIn(page);
  return {
    portal,
    browser,
    page,
    close: async () => {
      await browser.close();
      await portal.stop();
    },
  };
}

/** Signs in with the guest provider (the dev portal's only provider). */
export async function signIn(page: Page) {
  await page.goto(`${FRONTEND_URL}/catalog`);
  const enter = page.getByRole('button', { name: /enter/i });
  const catalogHeader = page.getByText(/All components|Contoso|catalog/i).first();
  await Promise.race([enter.waitFor(), catalogHeader.waitFor()]);
  if (await enter.isVisible()) await enter.click();
  await page.waitForURL(/\/catalog/);
}
