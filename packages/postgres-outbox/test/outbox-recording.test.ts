/** Recording in the app's transaction: a message exists iff the transaction commits; bad input fails before commit. */
import { RealtimeError } from '@switchboard/core';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresOutbox } from '../src/index.js';
import { createTestDatabase, inTransaction, orders, postgresAvailable, type TestDatabase, testChannels } from './support.js';

const available = await postgresAvailable();

describe.skipIf(!available)('recording in the app transaction (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('record');
    await db.pool.query('CREATE TABLE orders (id text PRIMARY KEY, total integer NOT NULL)');
    await postgresOutbox({ database: db.pool, channels: testChannels }).migrate();
  });
  afterAll(() => db?.drop());

  it('a committed transaction leaves its message in the outbox, a rolled-back one leaves nothing', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels });
    const before = await outbox.pending();
    const { id } = await inTransaction(db.pool, async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-1', 10]);
      return outbox.publish(tx, orders({ userId: '7' }), 'order:placed', { orderId: 'o-1', n: 1 });
    });
    await expect(
      inTransaction(db.pool, async (tx) => {
        await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-2', 20]);
        await outbox.publish(tx, orders({ userId: '7' }), 'order:placed', { orderId: 'o-2', n: 2 });
        throw new Error('the app changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await outbox.pending()).toBe(before + 1);
    const { rows } = await db.pool.query('SELECT id, channel FROM switchboard.outbox WHERE id = $1', [id]);
    expect(rows).toEqual([{ id, channel: 'orders:user:7' }]);
    const ids = (await db.pool.query("SELECT record->'envelope'->'data'->>'orderId' AS order FROM switchboard.outbox")).rows;
    expect(ids.map((row) => row.order)).not.toContain('o-2');
  });

  it('a schema-invalid payload rejects with VALIDATION_FAILED before anything is written, so the app can abort', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels });
    const before = await outbox.pending();
    const failure = await inTransaction(db.pool, async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-3', 30]);
      // @ts-expect-error orderId must be a string
      await outbox.publish(tx, orders({ userId: '7' }), 'order:placed', { orderId: 3, n: 3 });
    }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'VALIDATION_FAILED')).toBe(true);
    expect((failure as RealtimeError).message).toContain('orderId');
    expect(await outbox.pending()).toBe(before);
    expect((await db.pool.query("SELECT 1 FROM orders WHERE id = 'o-3'")).rowCount).toBe(0);
  });

  it('refuses an unknown event, a channel the outbox does not hold, and an oversized envelope, each with its code', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, maxPayloadBytes: 200 });
    const other = (await import('@switchboard/testing/faults')).faultStream;
    await expect(outbox.publish(db.pool, orders({ userId: '1' }), 'nope' as 'order:placed', { orderId: 'x', n: 1 })).rejects.toMatchObject({
      code: 'INVALID_EVENT',
    });
    await expect(outbox.publish(db.pool, other({ run: 'x' }) as never, 'tick' as never, { n: 1 } as never)).rejects.toMatchObject({
      code: 'CONFIG',
    });
    await expect(
      outbox.publish(db.pool, orders({ userId: '1' }), 'order:placed', { orderId: 'x'.repeat(300), n: 1 }),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('records excludeUserId in the envelope, and refuses one that is not a user id', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels });
    const { id } = await outbox.publish(db.pool, orders({ userId: '7' }), 'order:placed', { orderId: 'o-x', n: 1 }, { excludeUserId: 7 });
    const { rows } = await db.pool.query("SELECT record->'envelope'->>'excludeUser' AS excluded FROM switchboard.outbox WHERE id = $1", [
      id,
    ]);
    expect(rows).toEqual([{ excluded: '7' }]);
    await expect(
      outbox.publish(db.pool, orders({ userId: '7' }), 'order:placed', { orderId: 'o-y', n: 2 }, { excludeUserId: '*' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('recording the same message id twice keeps one row (a retried request is idempotent)', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await inTransaction(db.pool, (tx) =>
        outbox.publish(tx, orders({ userId: '9' }), 'order:placed', { orderId: 'o-9', n: 9 }, { id: 'request-9' }),
      );
    }
    expect((await db.pool.query("SELECT count(*)::int AS n FROM switchboard.outbox WHERE id = 'request-9'")).rows[0].n).toBe(1);
  });

  it('publishMany validates every message first and records none when one is invalid', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels });
    const before = await outbox.pending();
    await expect(
      outbox.publishMany(db.pool, [
        { channel: orders({ userId: '2' }), event: 'order:placed', data: { orderId: 'a', n: 1 } },
        { channel: orders({ userId: '2' }), event: 'order:placed', data: { orderId: 2, n: 2 } as never },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await outbox.pending()).toBe(before);
    const sent = await outbox.publishMany(db.pool, [
      { channel: orders({ userId: '2' }), event: 'order:placed', data: { orderId: 'a', n: 1 } },
      { channel: orders({ userId: '3' }), event: 'order:placed', data: { orderId: 'b', n: 2 } },
    ]);
    expect(sent).toHaveLength(2);
    expect(await outbox.pending()).toBe(before + 2);
  });

  it('a database without the outbox schema fails with CONFIG that says to migrate', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'not_migrated' });
    await expect(outbox.publish(db.pool, orders({ userId: '1' }), 'order:placed', { orderId: 'x', n: 1 })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('migrate()'),
    });
  });

  it('the publisher records its own publishes too, and marks them sent once accepted', async () => {
    const hub = new MemoryHub();
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'direct' });
    await outbox.migrate();
    const publisher = memoryPublisher({ hub, outbox });
    const { id } = await publisher.publish(orders({ userId: '5' }), 'order:placed', { orderId: 'd-1', n: 1 });
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual([id]);
    const { rows } = await db.pool.query('SELECT sent_at IS NOT NULL AS sent FROM direct.outbox WHERE id = $1', [id]);
    expect(rows).toEqual([{ sent: true }]);
    await publisher.close();
  });

  it('size() counts committed, unsent rows; the publisher health reports them as outbox-backlog', async () => {
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'sized', pollIntervalMs: 600_000 });
    await outbox.migrate();
    expect(await outbox.size()).toBe(0);
    await inTransaction(db.pool, (tx) =>
      outbox.publishMany(tx, [
        { channel: orders({ userId: '8' }), event: 'order:placed', data: { orderId: 's-1', n: 1 } },
        { channel: orders({ userId: '8' }), event: 'order:placed', data: { orderId: 's-2', n: 2 } },
      ]),
    );
    await inTransaction(db.pool, async (tx) => {
      await outbox.publish(tx, orders({ userId: '8' }), 'order:placed', { orderId: 's-3', n: 3 });
      throw new Error('rolled back');
    }).catch(() => {});
    expect(await outbox.size()).toBe(2);
    // No relay ran: the publisher's health sees the two waiting rows over a threshold of 1.
    const hub = new MemoryHub();
    const publisher = memoryPublisher({ hub, outbox, health: { outboxBacklogThreshold: 1 } });
    const report = await publisher.health();
    expect(report.reasons?.map((reason) => reason.code)).toContain('outbox-backlog');
    // Sent, the backlog is gone.
    const claimed = await outbox.claimAbandoned();
    await outbox.remove(claimed.map((entry) => entry.key));
    expect(await outbox.size()).toBe(0);
    expect((await publisher.health()).reasons?.map((reason) => reason.code) ?? []).not.toContain('outbox-backlog');
    await publisher.close();
  });

  it('size() of an outbox whose database is unreachable rejects PROVIDER_UNAVAILABLE (health: the store does not answer)', async () => {
    const database = {
      query: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    };
    const outbox = postgresOutbox({ database, channels: testChannels });
    await expect(outbox.size()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });
});

describe('postgres outbox configuration', () => {
  it('refuses missing channels, a missing database and a schema name that is not a plain identifier, with CONFIG', () => {
    const database = { query: async () => ({ rows: [] }) };
    expect(() => postgresOutbox({ database, channels: [] })).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => postgresOutbox({ database: undefined as never, channels: testChannels })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => postgresOutbox({ database, channels: testChannels, schema: 'x"; drop' })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });
});
