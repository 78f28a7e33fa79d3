// One portal and one browser for the whole e2e run, with guest sign-in done once.
import type { Browser, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.ts';
import { BACKEND_URL, FRONTEND_URL, startPortal, type Portal } from './portal.ts';

export const outputDir = join(import.meta.dirname, '..', 'output');
export const screenshotDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

/** Every wait in the suite is bounded by this (the dev server compiles pages on first visit). */
export const WAIT_MS = 60_000;

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
  page.setDefaultTimeout(WAIT_MS);
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

/**
 * Signs in with the guest provider (the dev portal's only provider). Waits until the app shell
 * is rendered: only then has the sign-in page stored the provider, so later page loads sign in
 * again by themselves instead of showing the sign-in page.
 */
export async function signIn(page: Page) {
  await page.goto(`${FRONTEND_URL}/catalog`);
  const enter = page.getByRole('button', { name: /enter/i });
  const shell = page.locator('nav[aria-label="sidebar nav"] a[href="/catalog"]');
  await enter.or(shell).first().waitFor();
  if (await enter.isVisible()) await enter.click();
  await shell.waitFor();
  await page.waitForFunction(
    () => window.localStorage.getItem('@backstage/core:SignInPage:provider') === 'guest',
    undefined,
    { timeout: WAIT_MS },
  );
}

/** An InfoCard by its exact title (the dev app's MUI class names carry numeric suffixes). */
export function card(page: Page, title: string): Locator {
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.locator('[class*="MuiCardHeader-title"]').filter({ hasText: exact }) });
}

/**
 * Screenshot for the README (docs/screenshots/<name>.png): a page's viewport, or one element.
 * The portal scrolls inside its main element, so an element taller than the viewport is shot
 * with the viewport grown to fit it (then restored).
 */
export async function saveScreenshot(target: Locator | Page, name: string) {
  const path = join(screenshotDir, `${name}.png`);
  if ('goto' in target) {
    await target.screenshot({ path, animations: 'disabled' });
    return path;
  }
  const page = target.page();
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  const box = await target.boundingBox();
  const needed = Math.ceil((box?.height ?? 0) + 200);
  if (needed > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: needed });
  }
  try {
    await target.scrollIntoViewIfNeeded();
    await target.screenshot({ path, animations: 'disabled' });
  } finally {
    if (needed > viewport.height) await page.setViewportSize(viewport);
  }
  return path;
}

/** A guest Backstage token for calling the backend API the way the frontend does. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (!res.ok) throw new Error(`guest refresh answered ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** GET a backend path (`/api/...`) as the guest user and parse the JSON. */
export async function backendJson<T>(path: string, token?: string): Promise<T> {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    headers: { Authorization: `Bearer ${token ?? (await guestToken())}` },
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The traffic backend's answer for a catalog Component, once every cluster answered without
 * an error and `settled` holds (on a fresh portal the watch caches may still be filling and the
 * simulated controllers still writing statuses). Bounded by WAIT_MS.
 */
export async function entityTraffic<T extends { clusters: Array<{ error?: unknown }> }>(
  name: string,
  /** Also wait for this (e.g. the seed's controllers have written a status). */
  settled: (body: T) => boolean = () => true,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  const token = await guestToken();
  for (;;) {
    const body = await backendJson<T>(`/api/traffic/entities/component/default/${name}/traffic`, token);
    const answered = body.clusters.length > 0 && body.clusters.every(c => !c.error);
    if (answered && settled(body)) return body;
    if (Date.now() > deadline) {
      throw new Error(
        `traffic of ${name} not settled after ${WAIT_MS} ms; cluster errors: ${JSON.stringify(body.clusters.map(c => c.error))}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}
