/** Processes killed with SIGKILL against real PostgreSQL: the app after (or during) a commit, and a relay holding claimed rows. */
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresOutbox, startRelay } from '../src/index.js';
import { startChild } from './child.js';
import { createTestDatabase, orders, postgresAvailable, type TestDatabase, testChannels } from './support.js';

const available = await postgresAvailable();

// Child processes start through tsx: on a loaded 2-core machine that alone can take longer than vitest's 5 s default.
describe.skipIf(!available)('processes killed (real PostgreSQL, SIGKILL)', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('processes');
    await db.pool.query('CREATE TABLE orders (id text PRIMARY KEY)');
  });
  afterAll(() => db?.drop());

  it('an app killed right after (or during) a commit: every committed order is sent once, nothing of the unfinished one', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'app_killed', pollIntervalMs: 100 });
    await outbox.migrate();
    const app = startChild('./fixtures/app-writer.ts', { url: db.url, schema: 'app_killed' });
    await app.waitFor('committed 40', 60_000);
    await app.kill();
    const hub = new MemoryHub();
    const publisher = memoryPublisher({ hub, outbox });
    const relay = await startRelay({ outbox, publisher });
    const committed = (await db.pool.query('SELECT id FROM orders')).rows.map((row) => row.id as string).sort();
    expect(committed.length).toBeGreaterThan(40);
    await expect.poll(() => outbox.pending(), { timeout: 20_000 }).toBe(0);
    const delivered = hub.accepted.map((envelope) => (envelope.data as { orderId: string }).orderId);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort()).toEqual(committed);
    await relay.close();
    await publisher.close();
  });

  it('a relay killed holding claimed rows: another relay sends all of them, in order, once its lease lapsed', async () => {
    const leaseMs = 1500;
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'relay_killed', pollIntervalMs: 100, leaseMs });
    await outbox.migrate();
    await outbox.publishMany(
      db.pool,
      Array.from({ length: 50 }, (_, n) => ({
        channel: orders({ userId: 'r' }),
        event: 'order:placed' as const,
        data: { orderId: `r-${n}`, n },
      })),
    );
    const stuck = startChild('./fixtures/stuck-relay.ts', { url: db.url, schema: 'relay_killed', leaseMs });
    const owner = (await stuck.waitFor('relay ')).slice('relay '.length);
    await expect
      .poll(async () => (await db.pool.query('SELECT count(*)::int AS n FROM relay_killed.outbox WHERE owner = $1', [owner])).rows[0].n, {
        timeout: 20_000,
      })
      .toBe(50);
    await stuck.kill();
    const hub = new MemoryHub();
    const publisher = memoryPublisher({ hub, outbox });
    const relay = await startRelay({ outbox, publisher });
    await expect.poll(() => hub.accepted.length, { timeout: 20_000 }).toBe(50);
    expect(hub.accepted.map((envelope) => (envelope.data as { n: number }).n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    await relay.close();
    await publisher.close();
  });
});
