/**
 * PostgreSQL for the outbox faults: the shared server (127.0.0.1:5432; required in CI, skipped with
 * a reason elsewhere), a database of its own per scenario, and a private server (initdb + pg_ctl on
 * another port, run as the `postgres` user) that a scenario may restart without touching anyone else's.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@switchboard/testing';
import pg from 'pg';

export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the shared server answers; with CI=true a missing one fails instead. */
export async function postgresAvailable(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${url}; CI must start it (.ci/run)`);
    console.warn(`[reliability] postgres outbox faults skipped: no PostgreSQL at ${url} (they run in CI)`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** Creates a uniquely named database on the server of `adminUrl`; answers its URL and how to drop it. */
export async function createDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_rel_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await cleanup.end().catch(() => {});
    },
  };
}

/** The directory of the installed server binaries (Debian's layout), if any. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const bin = version ? join(root, version, 'bin') : undefined;
  return bin && existsSync(join(bin, 'pg_ctl')) ? bin : undefined;
}

export interface PrivatePostgres {
  /** URL of its `postgres` database. */
  url: string;
  /** Stops it at once (`-m immediate`: a crash, no checkpoint) and starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a throwaway server in a temp directory; the server refuses root, so it runs as `postgres` when we are root. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'sb-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    execFileSync(root ? 'runuser' : command, root ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe', cwd: dir });
  };
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = (mode: string) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs = 1000) {
      stop('immediate');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
    async stop() {
      try {
        stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
