/**
 * Databases of their own for the browser tests' demo servers on a real PostgreSQL server: one
 * uniquely named database per demo process, created before it starts and dropped after. CI runs
 * the examples on the real server this way (`CI=true`, or `SWITCHBOARD_EXAMPLES_POSTGRES` set to
 * the server's URL); elsewhere they run on embedded PGlite, as `pnpm demo` does.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the browser tests use, or `undefined` for PGlite. */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const given = env.SWITCHBOARD_EXAMPLES_POSTGRES?.trim();
  if (given) return given;
  return env.CI === 'true' ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined;
}

/** Created databases, by key, as `DATABASE_URL`s; `drop()` removes them. */
export interface TestDatabases {
  urls: Record<string, string>;
  drop(): Promise<void>;
}

/** Creates one database per key on the server at `serverUrl`, named `switchboard_examples_<key>_<random>`. */
export async function createTestDatabases(serverUrl: string, keys: readonly string[]): Promise<TestDatabases> {
  const admin = new pg.Client({ connectionString: serverUrl });
  admin.on('error', () => {}); // A failed query rejects; a dropped connection needs no crash.
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const names = new Map(keys.map((key) => [key, `switchboard_examples_${key.replace(/\W/g, '_')}_${suffix}`]));
  const created: string[] = [];
  try {
    for (const name of names.values()) {
      await admin.query(`create database ${name}`);
      created.push(name);
    }
  } catch (error) {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    throw error;
  }
  await admin.end();
  const urls: Record<string, string> = {};
  for (const [key, name] of names) {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    urls[key] = url.toString();
  }
  return {
    urls,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      client.on('error', () => {}); // A failed query rejects; a dropped connection needs no crash.
      await client.connect();
      for (const name of names.values()) await client.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await client.end();
    },
  };
}
