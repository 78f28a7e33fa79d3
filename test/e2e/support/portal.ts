// Starts the dev portal exactly as the README says (scripts/start.sh, what `npm start` runs
// after its set-up) and waits until the frontend and the backend answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createWriteStream } from 'node:fs';

// Overridable to run against a second portal on other ports (see second-portal.yaml).
export const FRONTEND_URL = process.env.E2E_FRONTEND_URL ?? 'http://localhost:3000';
export const BACKEND_URL = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
const root = join(import.meta.dirname, '..', '..', '..');
/** Extra config files for scripts/start.sh (comma-separated, relative to the repository root). */
const extraConfigs = (process.env.E2E_PORTAL_CONFIG ?? '')
  .split(',')
  .filter(Boolean)
  .flatMap(file => ['--config', resolve(root, file)]);

export interface Portal {
  stop(): Promise<void>;
  logFile: string;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Starts the portal unless one already answers on :3000 and :7007 (then reuses it). */
export async function startPortal(logFile: string): Promise<Portal> {
  if ((await answers(FRONTEND_URL)) && (await answers(`${BACKEND_URL}/api/traffic/health`))) {
    return { stop: async () => {}, logFile };
  }
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn('bash', ['scripts/start.sh', ...extraConfigs], {
    cwd: root,
    detached: true, // its own process group, so stop() ends the frontend and backend too
    env: { ...process.env, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  try {
    await waitFor(() => answers(`${BACKEND_URL}/api/traffic/health`), 300_000, 'the backend');
    await waitFor(() => answers(FRONTEND_URL), 600_000, 'the frontend dev server');
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; portal log: ${logFile}`);
  }
  return { stop, logFile };
}
