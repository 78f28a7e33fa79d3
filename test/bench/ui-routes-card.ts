/**
 * Benchmark of the Routes card with 1,000 routes in Chromium, and of the frontend plugin's
 * production bundle size.
 *
 * Rendering: the dev portal (reused when it already runs on :3000/:7007, else started with
 * scripts/start.sh and stopped at the end) in Debian Chromium via playwright-core. The answer of
 * `GET /api/traffic/entities/component/default/httpbin/traffic` is intercepted (page.route) and
 * replaced by a real answer of the aks-sim demo seed whose first cluster's routes are multiplied
 * to 1,000 (names, hostnames and URLs made unique; a few fail). Each run loads the entity's
 * Dependencies tab (no traffic cards), then clicks the Traffic tab inside the page and records,
 * from a requestAnimationFrame poll, the first frame in which the Routes card says "1000 routes"
 * and shows its first page of rows. That includes the fetch (answered locally by the
 * interception), JSON parsing, the view rows and React rendering. A second measurement loads
 * /traffic directly: navigation start to the same frame (includes booting the app). The portal is
 * the development build (React development mode, unminified), so the numbers are upper bounds.
 *
 * Bundle: `backstage-cli package build` of plugins/traffic (the package as published; dist/ is
 * removed afterwards), each JS file gzipped; and the plugin's code as an app bundle would carry
 * it: esbuild bundle of src/index.ts with traffic-common inlined and the shared framework
 * (React, Material UI, Backstage, react-use, ...) external, minified, gzipped.
 *
 * Run from the repository root (Node 24):
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs test/bench/ui-routes-card.ts [--runs 7] [--routes 1000]
 * (`npm run bench -- ui-routes-card` does the same.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { ClusterTraffic, EntityTrafficResponse, RouteView } from '@aks-traffic/backstage-plugin-traffic-common';
import { launchBrowser } from '../e2e/support/browser.ts';
import { FRONTEND_URL, startPortal } from '../e2e/support/portal.ts';
import { backendJson, outputDir, signIn } from '../e2e/support/session.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    routes: { type: 'string', default: '1000' },
    'skip-bundle': { type: 'boolean', default: false },
    'skip-render': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const ROUTES = Number(values.routes);
const TARGET_MS = 1000;
const root = join(import.meta.dirname, '..', '..');
const ENTITY_PATH = '/api/traffic/entities/component/default/httpbin/traffic';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The demo seed's real answer for httpbin, its first cluster's routes multiplied to `count`. */
function manyRoutes(real: EntityTrafficResponse, count: number): EntityTrafficResponse {
  const clusters = real.clusters.filter((c): c is ClusterTraffic => 'routes' in c && !c.error);
  const [first, ...rest] = clusters;
  const seeds = first.routes;
  const routes: RouteView[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length];
    const host = `svc-${i}.bench.example.com`;
    routes.push({
      ...structuredClone(seed),
      ref: { ...seed.ref, name: `route-${String(i).padStart(4, '0')}` },
      hostnames: seed.hostnames.length ? [host] : [],
      urls: seed.urls.map(url => {
        const u = new URL(url);
        u.hostname = host;
        return u.toString();
      }),
    });
  }
  return {
    ...real,
    generatedAt: new Date().toISOString(),
    clusters: [{ ...first, routes }, ...rest.map(c => ({ ...c, routes: [] }))],
  };
}

/** In the page: resolves with performance.now() of the first frame showing the card's first page. */
function installProbe(expected: number) {
  const w = window as unknown as { __routesCardShown?: number; __probe?: () => void };
  w.__routesCardShown = undefined;
  const check = () => {
    const subheaders = document.querySelectorAll('[class*="MuiCardHeader-subheader"]');
    for (const sub of Array.from(subheaders)) {
      if (!sub.textContent?.startsWith(`${expected} routes`)) continue;
      const cardEl = sub.closest('[class*="MuiCard-root"]');
      if (cardEl && cardEl.querySelectorAll('tbody tr td strong').length >= 10) {
        w.__routesCardShown = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

async function renderBenchmark() {
  const portal = await startPortal(join(outputDir, 'bench-portal.log'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(60_000);
    await signIn(page);
    const body = JSON.stringify(manyRoutes(await backendJson<EntityTrafficResponse>(ENTITY_PATH), ROUTES));
    let served = 0;
    await page.route(`**${ENTITY_PATH}*`, async route => {
      served++;
      await route.fulfill({ status: 200, contentType: 'application/json', body });
    });
    const entity = `${FRONTEND_URL}/catalog/default/component/httpbin`;

    // On every page load: the probe for the direct-load measurement (relative to navigation start).
    await page.addInitScript(`(${installProbe.toString()})(${ROUTES})`);
    const tabClick: number[] = [];
    const directLoad: number[] = [];
    // One warm-up of each (the dev server compiles and the browser caches the app's chunks).
    for (let run = -1; run < RUNS; run++) {
      await page.goto(`${entity}/dependencies`);
      await page.getByRole('tab', { name: 'Traffic' }).waitFor();
      await page.waitForLoadState('networkidle');
      const before = served;
      const ms = await page.evaluate(
        ({ expected, probe }) =>
          new Promise<number>((resolve, reject) => {
            // eslint-disable-next-line no-new-func
            new Function('expected', `(${probe})(expected)`)(expected);
            const w = window as unknown as { __routesCardShown?: number };
            const tab = Array.from(document.querySelectorAll('[role="tab"]')).find(
              t => t.textContent?.trim().toLowerCase() === 'traffic',
            ) as HTMLElement | undefined;
            if (!tab) {
              reject(new Error('no Traffic tab'));
              return;
            }
            const t0 = performance.now();
            tab.click();
            const started = Date.now();
            const wait = () => {
              if (w.__routesCardShown !== undefined) resolve(w.__routesCardShown - t0);
              else if (Date.now() - started > 60_000) reject(new Error('Routes card not shown in 60 s'));
              else setTimeout(wait, 20);
            };
            wait();
          }),
        { expected: ROUTES, probe: installProbe.toString() },
      );
      if (served === before) throw new Error('the traffic request was not intercepted');
      if (run >= 0) tabClick.push(ms);

      await page.goto(`${entity}/traffic`);
      await page.waitForFunction(() => (window as unknown as { __routesCardShown?: number }).__routesCardShown !== undefined, undefined, { timeout: 60_000 });
      const load = await page.evaluate(() => (window as unknown as { __routesCardShown: number }).__routesCardShown);
      if (run >= 0) directLoad.push(load);
    }
    // The rendered card, for a look at what was measured.
    await page.screenshot({ path: join(outputDir, 'bench-routes-card.png') });
    return { tabClick, directLoad };
  } finally {
    await browser.close();
    await portal.stop();
  }
}

function gzipFiles(dir: string, filter: (file: string) => boolean) {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(p)) {
        const buf = readFileSync(p);
        raw += buf.length;
        gzip += gzipSync(buf, { level: 9 }).length;
        files++;
      }
    }
  };
  walk(dir);
  return { raw, gzip, files };
}

function bundleBenchmark() {
  const pkg = join(root, 'plugins', 'traffic');
  const dist = join(pkg, 'dist');
  const hadDist = existsSync(dist);
  const bin = join(root, 'node_modules', '.bin');
  let published;
  try {
    execFileSync(join(bin, 'backstage-cli'), ['package', 'build'], { cwd: pkg, stdio: 'pipe' });
    published = gzipFiles(dist, f => f.endsWith('.js'));
  } finally {
    if (!hadDist) rmSync(dist, { recursive: true, force: true });
  }

  // The plugin as an app bundle carries it: its code and traffic-common's, the rest shared.
  const out = mkdtempSync(join(tmpdir(), 'ui-bench-'));
  try {
    const outfile = join(out, 'traffic.js');
    const common = join(root, 'plugins', 'traffic-common', 'src', 'index.ts');
    execFileSync(
      join(bin, 'esbuild'),
      [
        relative(root, join(pkg, 'src', 'index.ts')),
        '--bundle',
        '--minify',
        '--format=esm',
        '--jsx=automatic',
        '--target=es2022',
        '--log-level=error',
        `--alias:@aks-traffic/backstage-plugin-traffic-common=./${relative(root, common)}`,
        // Everything but our own packages is shared with the rest of the app.
        '--packages=external',
        `--outfile=${outfile}`,
        '--metafile=' + join(out, 'meta.json'),
      ],
      { cwd: root, stdio: 'pipe' },
    );
    const code = readFileSync(outfile);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    let commonBytes = 0;
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        if (input.includes('traffic-common')) commonBytes += bytesInOutput;
      }
    }
    return {
      published,
      app: { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, commonBytes },
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// No top-level await: the Backstage CLI's transform (npm run bench) loads this file as CommonJS.
async function main() {
  const rows: Array<[string, string, string]> = [];
  if (!values['skip-render']) {
    const { tabClick, directLoad } = await renderBenchmark();
    const m = median(tabClick);
    rows.push([
      `Routes card, ${ROUTES} routes: Traffic tab click -> first page + count shown (median of ${RUNS})`,
      `${m.toFixed(0)} ms`,
      `min ${Math.min(...tabClick).toFixed(0)}, max ${Math.max(...tabClick).toFixed(0)}; target <= ${TARGET_MS} ms: ${m <= TARGET_MS ? 'met' : 'MISSED'}`,
    ]);
    rows.push([
      `Routes card, ${ROUTES} routes: load /traffic -> first page + count shown (median of ${RUNS})`,
      `${median(directLoad).toFixed(0)} ms`,
      'from navigation start; includes booting the (development) app',
    ]);
  }
  if (!values['skip-bundle']) {
    const { published, app } = bundleBenchmark();
    rows.push([
      'plugin package build (backstage-cli package build, dist/**/*.js)',
      `${kb(published.gzip)} gzip`,
      `${kb(published.raw)} raw, ${published.files} files, unminified ESM (app bundlers minify)`,
    ]);
    rows.push([
      'plugin in an app bundle (esbuild, minified; + traffic-common, shared deps external)',
      `${kb(app.gzip)} gzip`,
      `${kb(app.raw)} minified, of which traffic-common ${kb(app.commonBytes)}`,
    ]);
  }

  const widths = [0, 1, 2].map(i => Math.max(...rows.map(r => r[i].length), ['measure', 'value', 'notes'][i].length));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(['measure', 'value', 'notes']));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
