/**
 * The same outbox on the other drivers: postgres.js (`sql.begin`, `sql.listen`) against the real
 * server, and PGlite (embedded, in-process Postgres; what the examples run by default) as it is.
 */

import { PGlite } from '@electric-sql/pglite';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresJsDatabase, postgresJsListener, postgresOutbox, startRelay } from '../src/index.js';
import { createTestDatabase, orders, postgresAvailable, type TestDatabase, testChannels } from './support.js';

const available = await postgresAvailable();

describe.skipIf(!available)('postgres.js (real PostgreSQL)', () => {
  let db: TestDatabase;
  let sql: postgres.Sql;
  beforeAll(async () => {
    db = await createTestDatabase('postgresjs');
    sql = postgres(db.url, { max: 4, onnotice: () => {} });
    await sql`CREATE TABLE orders (id text PRIMARY KEY)`;
  }, 30_000);
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  it('records inside sql.begin, sends on commit (woken by sql.listen), and nothing for a rolled-back transaction', async () => {
    const hub = new MemoryHub();
    const outbox = postgresOutbox({ database: postgresJsDatabase(sql), channels: testChannels, pollIntervalMs: 600_000 });
    await outbox.migrate();
    const publisher = memoryPublisher({ hub, outbox });
    const relay = await startRelay({ outbox, publisher, listener: postgresJsListener(sql) });
    const { id } = await sql.begin(async (tx) => {
      await tx`INSERT INTO orders (id) VALUES ('p-1')`;
      return outbox.publish(postgresJsDatabase(tx), orders({ userId: '4' }), 'order:placed', { orderId: 'p-1', n: 1 });
    });
    await sql
      .begin(async (tx) => {
        await outbox.publish(postgresJsDatabase(tx), orders({ userId: '4' }), 'order:placed', { orderId: 'p-2', n: 2 });
        throw new Error('rolled back');
      })
      .catch(() => {});
    await expect.poll(() => hub.accepted.map((envelope) => envelope.id), { timeout: 10_000 }).toEqual([id]);
    await expect.poll(() => outbox.pending(), { timeout: 10_000 }).toBe(0);
    await relay.close();
    await publisher.close();
  });
});

describe('PGlite (embedded)', () => {
  let lite: PGlite;
  beforeAll(async () => {
    lite = new PGlite();
    await lite.waitReady;
  }, 60_000);
  afterAll(() => lite?.close());

  it('migrates, records in db.transaction, wakes the relay through PGlite.listen, and drops a rolled-back message', async () => {
    const hub = new MemoryHub();
    const outbox = postgresOutbox({ database: lite, channels: testChannels, pollIntervalMs: 600_000 });
    expect(await outbox.migrate()).toBe(1);
    const publisher = memoryPublisher({ hub, outbox });
    const relay = await startRelay({ outbox, publisher, listener: lite });
    const { id } = await lite.transaction((tx) => outbox.publish(tx, orders({ userId: '8' }), 'order:placed', { orderId: 'l-1', n: 1 }));
    await lite
      .transaction(async (tx) => {
        await outbox.publish(tx, orders({ userId: '8' }), 'order:placed', { orderId: 'l-2', n: 2 });
        throw new Error('rolled back');
      })
      .catch(() => {});
    await expect.poll(() => hub.accepted.map((envelope) => envelope.id), { timeout: 10_000 }).toEqual([id]);
    await expect.poll(() => outbox.pending(), { timeout: 10_000 }).toBe(0);
    await relay.close();
    await publisher.close();
  });
});
