/** Migrations (versioned, idempotent, safe concurrently) and retention of sent rows, on real PostgreSQL. */
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresOutbox } from '../src/index.js';
import { createTestDatabase, inTransaction, orders, postgresAvailable, type TestDatabase, testChannels } from './support.js';

const available = await postgresAvailable();

describe.skipIf(!available)('outbox schema and retention (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema');
  });
  afterAll(() => db?.drop());

  it('migrates once even when four processes migrate at the same time, and again is a no-op', async () => {
    const outboxes = Array.from({ length: 4 }, () => postgresOutbox({ database: db.pool, channels: testChannels, schema: 'concurrent' }));
    expect(await Promise.all(outboxes.map((outbox) => outbox.migrate()))).toEqual([1, 1, 1, 1]);
    expect(await outboxes[0]?.migrate()).toBe(1);
    const { rows } = await db.pool.query('SELECT version, name FROM concurrent.migrations');
    expect(rows).toEqual([{ version: 1, name: expect.stringContaining('outbox table') }]);
  });

  it('migrationSql() is the same migrations as SQL a migration tool can run, idempotent too', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'from_file' });
    const text = outbox.migrationSql();
    expect(text).toContain('DO $migration$');
    await db.pool.query(text);
    await db.pool.query(text);
    expect(await outbox.migrate()).toBe(1);
    await inTransaction(db.pool, (tx) => outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'x', n: 1 }));
    expect(await outbox.pending()).toBe(1);
  });

  it('prune deletes sent rows past retention and keeps unsent and recent ones', async () => {
    const hub = new MemoryHub();
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'retention', retainSentMs: 60_000 });
    await outbox.migrate();
    const publisher = memoryPublisher({ hub, outbox });
    for (let n = 0; n < 3; n += 1) {
      await inTransaction(db.pool, (tx) => outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: `r${n}`, n }));
    }
    expect(await publisher.recoverOutbox?.()).toBe(3);
    await inTransaction(db.pool, (tx) => outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'unsent', n: 9 }));
    // Two of the sent rows were sent two minutes ago.
    await db.pool.query(
      "UPDATE retention.outbox SET sent_at = now() - interval '2 minutes' WHERE record->'envelope'->'data'->>'orderId' IN ('r0', 'r1')",
    );
    expect(await outbox.prune()).toBe(2);
    const { rows } = await db.pool.query(
      "SELECT record->'envelope'->'data'->>'orderId' AS order, sent_at IS NOT NULL AS sent FROM retention.outbox ORDER BY seq",
    );
    expect(rows).toEqual([
      { order: 'r2', sent: true },
      { order: 'unsent', sent: false },
    ]);
    await publisher.close();
  });

  it('a row whose channel this relay does not know is set aside with its error, reported, and does not block others', async () => {
    const hub = new MemoryHub();
    const errors: string[] = [];
    const outbox = postgresOutbox({
      database: db.pool,
      channels: testChannels,
      schema: 'set_aside',
      onError: (error) => errors.push(error.code),
    });
    await outbox.migrate();
    await db.pool.query(
      `INSERT INTO set_aside.outbox (id, channel, record) VALUES ('stranger', 'orders:user:1', '{"channel":{"template":"elsewhere:{id}","name":"elsewhere:1","params":{"id":"1"}},"envelope":{"id":"stranger","event":"x","data":{},"ts":1}}')`,
    );
    await inTransaction(db.pool, (tx) => outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'after', n: 1 }));
    const publisher = memoryPublisher({ hub, outbox });
    await publisher.recoverOutbox?.();
    await publisher.recoverOutbox?.();
    expect(errors).toEqual(['CONFIG']);
    expect(hub.accepted.map((envelope) => (envelope.data as { orderId: string }).orderId)).toEqual(['after']);
    const { rows } = await db.pool.query("SELECT error FROM set_aside.outbox WHERE id = 'stranger'");
    expect(rows[0].error).toContain('elsewhere:{id}');
    await publisher.close();
  });
});
