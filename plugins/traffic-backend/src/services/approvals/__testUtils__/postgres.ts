import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';

const run = promisify(execFile);

/** A throwaway PostgreSQL server on loopback, for tests. */
export interface TestPostgres {
  /** Connection settings of the server (database `postgres`). */
  connection: { host: string; port: number; user: string };
  /** Creates an empty database and returns its connection settings (for knex `client: 'pg'`). */
  createDatabase(): Promise<Knex.PgConnectionConfig>;
  stop(): Promise<void>;
}

function findProgram(name: string): string | undefined {
  const dirs = [
    ...(process.env.TRAFFIC_TEST_PG_BIN ? [process.env.TRAFFIC_TEST_PG_BIN] : []),
    ...(process.env.PATH ?? '').split(path.delimiter),
    ...['17', '16', '15', '14'].map(v => `/usr/lib/postgresql/${v}/bin`),
  ];
  return dirs.map(dir => path.join(dir, name)).find(file => fs.existsSync(file));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from its server programs (`initdb`, `pg_ctl`; PATH, `TRAFFIC_TEST_PG_BIN` or
 * /usr/lib/postgresql/<v>/bin) in a temporary directory, listening on 127.0.0.1 only, with trust
 * auth and durability off (it is thrown away). initdb refuses to run as root: as root the
 * server runs as the `postgres` OS user. Set `TRAFFIC_TEST_PG_URL` to use an existing server
 * instead. Throws (never skips) when PostgreSQL is not available, so CI cannot pass without it.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TRAFFIC_TEST_PG_URL;
  if (external) return externalPostgres(external);

  const initdb = findProgram('initdb');
  const pgCtl = findProgram('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new Error(
      'PostgreSQL tests need the PostgreSQL server programs (initdb, pg_ctl): install PostgreSQL (e.g. apt-get install postgresql) ' +
        'and put its bin directory on PATH or in TRAFFIC_TEST_PG_BIN, or point TRAFFIC_TEST_PG_URL at a server',
    );
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-pg-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const exec = async (program: string, args: string[]) => {
    if (!asRoot) return run(program, args, { timeout: 60_000 });
    if (findProgram('runuser')) return run('runuser', ['-u', 'postgres', '--', program, ...args], { timeout: 60_000 });
    const quoted = [program, ...args].map(arg => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    return run('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { timeout: 60_000 });
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error('PostgreSQL tests run as root need the `postgres` OS user (initdb refuses to run as root)');
    });
    const uid = Number(stdout.trim());
    fs.chownSync(root, uid, uid);
  }
  const port = await freePort();
  try {
    await exec(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    const options = `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    await exec(pgCtl, ['-D', data, '-o', options, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = fs.existsSync(path.join(root, 'server.log')) ? fs.readFileSync(path.join(root, 'server.log'), 'utf8') : '';
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`Could not start a test PostgreSQL: ${(error as Error).message}\n${log}`);
  }
  const connection = { host: '127.0.0.1', port, user: 'postgres' };
  return {
    connection,
    createDatabase: () => createDatabase(connection),
    async stop() {
      await exec(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

async function createDatabase(connection: Knex.PgConnectionConfig): Promise<Knex.PgConnectionConfig> {
  const name = `traffic_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: { ...connection, database: 'postgres' } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  return { ...connection, database: name };
}

function externalPostgres(url: string): TestPostgres {
  const parsed = new URL(url);
  const connection = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'postgres'),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
  return { connection, createDatabase: () => createDatabase(connection), stop: async () => undefined };
}
