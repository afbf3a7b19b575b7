/**
 * The data layer on a real PostgreSQL server (127.0.0.1:5432 here; skipped outside CI when none
 * answers, and failing in CI): a database of its own, the examples' migrations applied once even
 * when two starts race, the same queries as on PGlite, and write-and-publish through the
 * transactional outbox with the relay woken by a `pg` LISTEN connection of its own.
 */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENTS_MIGRATIONS } from '../../comments/src/migrations.js';
import { PROGRESS_MIGRATIONS } from '../../progress/src/migrations.js';
import { createWriteAndPublish, type Database, migrate, openDatabase } from '../src/index.js';
import { createTestDatabases, type TestDatabases } from '../src/testing/databases.js';

const serverUrl = process.env.SWITCHBOARD_EXAMPLES_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  try {
    const database = await openDatabase({ DATABASE_URL: serverUrl });
    await database.close();
    return true;
  } catch {
    return false;
  }
}

const available = await reachable();
if (!available && process.env.CI === 'true') throw new Error(`PostgreSQL at ${serverUrl} does not answer; CI needs it`);
if (!available) console.warn(`[examples] PostgreSQL tests skipped: nothing answers at ${serverUrl} (they run in CI)`);

describe.skipIf(!available)('the examples on a PostgreSQL server', () => {
  let databases: TestDatabases;
  let first: Database;
  let second: Database;

  beforeAll(async () => {
    databases = await createTestDatabases(serverUrl, ['migrations']);
    first = await openDatabase({ DATABASE_URL: databases.urls.migrations });
    second = await openDatabase({ DATABASE_URL: databases.urls.migrations });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await databases?.drop();
  });

  it('applies each migration once when two processes start at the same time', async () => {
    const [a, b] = await Promise.all([migrate(first, 'comments', COMMENTS_MIGRATIONS), migrate(second, 'comments', COMMENTS_MIGRATIONS)]);
    expect([...a, ...b].sort()).toEqual([1]);
    await migrate(first, 'progress', PROGRESS_MIGRATIONS);
    const ledger = await first.query<{ example: string; version: number }>(
      'select example, version from public.example_migrations order by example',
    );
    expect(ledger).toEqual([
      { example: 'comments', version: 1 },
      { example: 'progress', version: 1 },
    ]);
  });

  it('rolls a failed transaction back on the server', async () => {
    await expect(
      first.transaction(async (transaction) => {
        await transaction.query(
          "insert into comments.comments (id, chapter_id, text, author_id, author_name, created_at, updated_at) values (gen_random_uuid(), 'c', 't', 'ada', 'Ada', now(), now())",
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await second.query("select 1 from comments.comments where chapter_id = 'c'")).toEqual([]);
  });

  it('records through the outbox in the transaction; the relay, woken by its pg listener, sends only what committed', async () => {
    const text: StandardSchemaV1<{ text: string }> = {
      '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { text: string } }) },
    };
    const notes = defineChannel('notes:{id}', { access: 'public', events: { note: text } });
    // Polling is off (10 min): the wake-up can only be the NOTIFY at commit, heard on LISTEN.
    const outbox = postgresOutbox({ database: first.driver, channels: [notes], pollIntervalMs: 600_000 });
    await outbox.migrate();
    const hub = new MemoryHub();
    const publisher = memoryPublisher({ hub, outbox });
    const relay = await startRelay({ outbox, publisher, listener: first.listener(), onError: () => {} });
    try {
      const write = createWriteAndPublish(first, outbox);
      await expect(
        write(async (_transaction, messages) => {
          await messages.add(notes({ id: 'x' }), 'note', { text: 'rolled back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await write(async (_transaction, messages) => messages.add(notes({ id: 'x' }), 'note', { text: 'committed' }));
      await expect
        .poll(() => hub.accepted.map((envelope) => (envelope.data as { text: string }).text), { timeout: 15_000 })
        .toEqual(['committed']);
    } finally {
      await relay.close();
      await publisher.close();
    }
  });
});
