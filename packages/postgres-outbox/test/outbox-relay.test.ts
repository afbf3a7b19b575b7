/** The relay on the memory provider and real PostgreSQL: woken by NOTIFY, polling as fallback, in order per channel, several relays at once. */
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxRelay, pgListener, postgresOutbox, startRelay } from '../src/index.js';
import { createTestDatabase, inTransaction, orders, postgresAvailable, type TestDatabase, testChannels } from './support.js';

const available = await postgresAvailable();
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** Per channel, the `n` of each accepted message in arrival order, and how often each id arrived. */
function tally(hub: MemoryHub) {
  const byChannel = new Map<string, number[]>();
  const copies = new Map<string, number>();
  for (const envelope of hub.accepted) {
    copies.set(envelope.id, (copies.get(envelope.id) ?? 0) + 1);
    if ((copies.get(envelope.id) ?? 0) > 1) continue;
    const { orderId, n } = envelope.data as { orderId: string; n: number };
    const channel = orderId.split('/')[0] as string;
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), n]);
  }
  return { byChannel, duplicates: [...copies.values()].filter((count) => count > 1).length, distinct: copies.size };
}

describe.skipIf(!available)('the relay (real PostgreSQL, memory provider)', () => {
  let db: TestDatabase;
  const relays: OutboxRelay[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    db = await createTestDatabase('relay');
  });
  afterAll(async () => {
    for (const relay of relays) await relay.close();
    for (const close of closers) await close();
    await db?.drop();
  });

  async function relayOn(schema: string, hub: MemoryHub, options: { pollIntervalMs: number; listen?: boolean; leaseMs?: number }) {
    const outbox = postgresOutbox({
      database: db.pool,
      channels: testChannels,
      schema,
      pollIntervalMs: options.pollIntervalMs,
      leaseMs: options.leaseMs,
    });
    await outbox.migrate();
    const publisher = memoryPublisher({ hub, outbox, retry: fastRetry });
    const listener = options.listen
      ? pgListener(async () => {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          return client;
        })
      : undefined;
    const relay = await startRelay({ outbox, publisher, listener });
    relays.push(relay);
    closers.push(() => publisher.close());
    return { outbox, publisher, relay };
  }

  it('NOTIFY wakes the relay at commit: delivered long before the next poll', async () => {
    const hub = new MemoryHub();
    const { outbox } = await relayOn('notify', hub, { pollIntervalMs: 600_000, listen: true });
    const { id } = await inTransaction(db.pool, (tx) =>
      outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'a/1', n: 1 }),
    );
    await expect.poll(() => hub.accepted.map((envelope) => envelope.id), { timeout: 10_000 }).toEqual([id]);
    await expect.poll(() => outbox.pending(), { timeout: 10_000 }).toBe(0);
  });

  it('the pg listener reconnects after its connection is killed, and NOTIFY wakes the relay again', async () => {
    const hub = new MemoryHub();
    const { outbox } = await relayOn('relisten', hub, { pollIntervalMs: 600_000, listen: true });
    const listeners = async () =>
      (
        await db.pool.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%relisten_outbox%' AND pid <> pg_backend_pid()",
        )
      ).rows.map((row) => Number(row.pid));
    const [before] = await listeners();
    expect(before).toBeDefined();
    await db.pool.query('SELECT pg_terminate_backend($1)', [before]);
    await expect.poll(async () => (await listeners()).filter((pid) => pid !== before).length, { timeout: 15_000 }).toBe(1);
    const { id } = await inTransaction(db.pool, (tx) =>
      outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'a/1', n: 1 }),
    );
    await expect.poll(() => hub.accepted.map((envelope) => envelope.id), { timeout: 10_000 }).toEqual([id]);
  });

  it('polling sends what committed when no notification arrives', async () => {
    const hub = new MemoryHub();
    const { outbox } = await relayOn('polling', hub, { pollIntervalMs: 100 });
    const { id } = await inTransaction(db.pool, (tx) =>
      outbox.publish(tx, orders({ userId: '1' }), 'order:placed', { orderId: 'a/1', n: 1 }),
    );
    await expect.poll(() => hub.accepted.map((envelope) => envelope.id), { timeout: 10_000 }).toEqual([id]);
  });

  it('keeps each channel in commit order while the provider fails now and then, and sends every message with its recorded id', async () => {
    const hub = new MemoryHub();
    const { outbox } = await relayOn('flaky', hub, { pollIntervalMs: 100, listen: true });
    const recorded: string[] = [];
    const flakiness = setInterval(() => hub.failNextPublishes(4), 150);
    // Four writers, one channel each, committing one message per transaction.
    await Promise.all(
      ['w0', 'w1', 'w2', 'w3'].map(async (writer) => {
        for (let n = 0; n < 40; n += 1) {
          const { id } = await inTransaction(db.pool, (tx) =>
            outbox.publish(tx, orders({ userId: writer }), 'order:placed', { orderId: `${writer}/${n}`, n }),
          );
          recorded.push(id);
        }
      }),
    );
    clearInterval(flakiness);
    hub.failNextPublishes(0);
    await expect.poll(() => tally(hub).distinct, { timeout: 30_000 }).toBe(160);
    const { byChannel, duplicates } = tally(hub);
    expect(duplicates).toBe(0);
    for (const writer of ['w0', 'w1', 'w2', 'w3']) expect(byChannel.get(writer)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(new Set(hub.accepted.map((envelope) => envelope.id))).toEqual(new Set(recorded));
  });

  it('a chunk whose retries ran out holds back the rest of its pass, so later chunks never overtake it', async () => {
    const hub = new MemoryHub();
    const outbox = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'held_back', pollIntervalMs: 100 });
    await outbox.migrate();
    // 250 messages on one channel: three chunks of the memory provider's 100 in one pass.
    await outbox.publishMany(
      db.pool,
      Array.from({ length: 250 }, (_, n) => ({
        channel: orders({ userId: 'one' }),
        event: 'order:placed' as const,
        data: { orderId: `one/${n}`, n },
      })),
    );
    hub.failNextPublishes(3);
    const publisher = memoryPublisher({ hub, outbox, retry: fastRetry });
    closers.push(() => publisher.close());
    relays.push(await startRelay({ outbox, publisher }));
    await expect.poll(() => tally(hub).distinct, { timeout: 20_000 }).toBe(250);
    expect(tally(hub).byChannel.get('one')).toEqual(Array.from({ length: 250 }, (_, n) => n));
  });

  it("a relay never takes a live relay's claimed rows, and takes them at once when that relay closes cleanly", async () => {
    const down = new MemoryHub();
    const up = new MemoryHub();
    const first = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'handover', leaseMs: 60_000 });
    const second = postgresOutbox({ database: db.pool, channels: testChannels, schema: 'handover', leaseMs: 60_000 });
    await first.migrate();
    await inTransaction(db.pool, (tx) => first.publish(tx, orders({ userId: 'h' }), 'order:placed', { orderId: 'h/0', n: 0 }));
    down.failNextPublishes(Number.MAX_SAFE_INTEGER);
    const stuck = memoryPublisher({ hub: down, outbox: first, retry: fastRetry });
    const next = memoryPublisher({ hub: up, outbox: second, retry: fastRetry });
    closers.push(() => next.close());
    expect(await stuck.recoverOutbox?.()).toBe(0);
    expect(await next.recoverOutbox?.()).toBe(0);
    await stuck.close();
    expect(await next.recoverOutbox?.()).toBe(1);
    expect(up.accepted.map((envelope) => (envelope.data as { orderId: string }).orderId)).toEqual(['h/0']);
  });

  it('two relays racing on one outbox: every message sent exactly once, each channel in order', async () => {
    const hub = new MemoryHub();
    const first = await relayOn('racing', hub, { pollIntervalMs: 50, listen: true });
    await relayOn('racing', hub, { pollIntervalMs: 50, listen: true });
    // Eight concurrent writers share five channels: commit order decides each channel's order.
    const committed = new Map<string, number[]>();
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let n = 0; n < 30; n += 1) {
          const channel = `c${(writer + n) % 5}`;
          await inTransaction(db.pool, async (tx) => {
            await first.outbox.publish(tx, orders({ userId: channel }), 'order:placed', {
              orderId: `${channel}/${writer}-${n}`,
              n: writer * 1000 + n,
            });
          });
        }
      }),
    );
    await expect.poll(() => tally(hub).distinct, { timeout: 30_000 }).toBe(240);
    const { rows } = await db.pool.query("SELECT channel, (record->'envelope'->'data'->>'n')::int AS n FROM racing.outbox ORDER BY seq");
    for (const row of rows) committed.set(row.channel.split(':')[2], [...(committed.get(row.channel.split(':')[2]) ?? []), row.n]);
    const { byChannel, duplicates } = tally(hub);
    expect(duplicates).toBe(0);
    for (const [channel, order] of committed) expect(byChannel.get(channel)).toEqual(order);
  });
});
