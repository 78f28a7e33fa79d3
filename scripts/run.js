#!/usr/bin/env node
// Entry point for `npm start` and `npm test`. Runs on any Node >= 18 so that a fresh
// machine with an older system Node still works: it provides Node 24 from the npm
// registry (package `node@24`) to the project's own processes, installs the workspace
// when needed, then hands over to a task script under that Node.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsDir = path.join(root, '.tools', 'node24');
const MIN_MAJOR = 22;

function log(message) {
  process.stderr.write(`[aks-traffic] ${message}\n`);
}

function run(cmd, args, env, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...opts });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function nodeMajor(nodeBinary, env) {
  const out = spawnSync(nodeBinary, ['-p', 'process.versions.node'], { env, encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim().split('.')[0]) : 0;
}

/** Returns an environment whose PATH starts with a Node >= 22. */
function ensureNode() {
  const env = { ...process.env };
  if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return env;
  const binDir = path.join(toolsDir, 'node_modules', '.bin');
  const localNode = path.join(binDir, 'node');
  if (!fs.existsSync(localNode) || nodeMajor(localNode, env) < MIN_MAJOR) {
    log(`system Node ${process.versions.node} is older than ${MIN_MAJOR}; installing node@24 into .tools/node24`);
    fs.mkdirSync(toolsDir, { recursive: true });
    const status = run('npm', ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', 'node@24'], env);
    if (status !== 0 || nodeMajor(localNode, env) < MIN_MAJOR) {
      throw new Error('could not install node@24 from the npm registry');
    }
  }
  env.PATH = `${binDir}${path.delimiter}${env.PATH}`;
  // Native addons (better-sqlite3) must compile against this Node's headers, not the system's.
  env.npm_config_nodedir = path.join(toolsDir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  return env;
}

/** Installs the workspace when node_modules is missing or older than the lock file. */
function ensureInstall(env) {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const fresh =
    fs.existsSync(marker) &&
    (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs);
  if (fresh) return;
  // `npm install` rather than `npm ci`: npm 11 leaves other platforms' optional packages
  // (@swc/core-darwin-*, ...) out of the lock file, which `npm ci` then rejects as out of sync.
  // The lock still pins every version installed here.
  log('installing dependencies (npm install, a few minutes on a fresh clone)');
  const status = run('npm', ['install', '--no-audit', '--no-fund'], env);
  if (status !== 0) throw new Error(`npm install failed with exit code ${status}`);
}

function main() {
  const task = process.argv[2];
  const scripts = { start: 'scripts/start.sh', test: 'scripts/test.sh', bench: 'scripts/bench.sh' };
  if (!scripts[task]) {
    log(`usage: node scripts/run.js <${Object.keys(scripts).join('|')}> [args]`);
    process.exit(2);
  }
  const env = ensureNode();
  ensureInstall(env);
  env.PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${env.PATH}`;
  process.exit(run('bash', [scripts[task], ...process.argv.slice(3)], env));
}

try {
  main();
} catch (error) {
  log(`error: ${error.message}`);
  process.exit(1);
}
