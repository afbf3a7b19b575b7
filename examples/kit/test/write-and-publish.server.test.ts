/**
 * writeAndPublish on PGlite with the transactional outbox, its relay (woken by PGlite's own
 * NOTIFY) and a real memory publisher: a write's messages are recorded in its transaction, so
 * they exist if and only if it commits. A committed write is sent by the relay — later, when the
 * provider is down at commit; a write that throws (rolled back) records and sends nothing; a
 * payload the schema refuses aborts the write with VALIDATION_FAILED.
 */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { RealtimeError } from '@switchboard/core/server';
import { type OutboxRelay, type PostgresOutbox, postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteAndPublish, type Database, openDatabase, type WriteAndPublish } from '../src/index.js';

const note: StandardSchemaV1<{ text: string }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) =>
      typeof (value as { text?: unknown })?.text === 'string'
        ? { value: value as { text: string } }
        : { issues: [{ message: 'text must be a string', path: ['text'] }] },
  },
};
const notes = defineChannel('notes:{id}', { access: 'public', events: { note } });

describe('writeAndPublish through the transactional outbox', () => {
  let database: Database;
  let outbox: PostgresOutbox;
  let hub: MemoryHub;
  let publisher: ReturnType<typeof memoryPublisher>;
  let relay: OutboxRelay;
  let write: WriteAndPublish;
  beforeAll(async () => {
    database = await openDatabase({});
    await database.query('create table notes (text text not null)');
    // Polling is off (10 min): what the relay sends here, NOTIFY at commit woke it for.
    outbox = postgresOutbox({ database: database.driver, channels: [notes], pollIntervalMs: 600_000 });
    await outbox.migrate();
    hub = new MemoryHub();
    publisher = memoryPublisher({ hub, outbox, retry: { attempts: 1 } });
    relay = await startRelay({ outbox, publisher, listener: database.listener(), onError: () => {} });
    write = createWriteAndPublish(database, outbox);
  }, 60_000);
  afterAll(async () => {
    await relay?.close();
    await publisher?.close();
    await database?.close();
  });

  const count = async () => Number((await database.query<{ n: number }>('select count(*)::int as n from notes'))[0]?.n);
  const sentTexts = () => hub.accepted.map((envelope) => (envelope.data as { text: string }).text);

  it('records the messages in the transaction; the relay, woken at commit, sends them', async () => {
    const before = await count();
    await write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('one')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 'one' });
    });
    expect(await count()).toBe(before + 1);
    await expect.poll(sentTexts, { timeout: 10_000 }).toContain('one');
    await expect.poll(() => outbox.pending(), { timeout: 10_000 }).toBe(0);
  });

  it('a write that rolls back records nothing and sends nothing', async () => {
    const before = await count();
    const failure = write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('two')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 'two' });
      throw new Error('the app changed its mind');
    });
    await expect(failure).rejects.toThrow('changed its mind');
    expect(await count()).toBe(before);
    expect(await outbox.pending()).toBe(0);
    // A pass now would send anything recorded: nothing is.
    await relay.wake();
    expect(sentTexts()).not.toContain('two');
  });

  it('a payload the schema refuses aborts the write with VALIDATION_FAILED', async () => {
    const before = await count();
    const failure = write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('three')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 3 } as unknown as { text: string });
    });
    await expect(failure).rejects.toSatisfy(
      (error) => RealtimeError.isInstance(error, 'VALIDATION_FAILED') && /text must be a string/.test((error as Error).message),
    );
    expect(await count()).toBe(before);
    expect(await outbox.pending()).toBe(0);
  });

  it('with the provider down at commit, the write stands and the relay sends its message once the provider is back', async () => {
    hub.failNextPublishes(1_000);
    const before = await count();
    await write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('four')");
      await messages.add(notes({ id: 'b' }), 'note', { text: 'four' });
    });
    expect(await count()).toBe(before + 1);
    await relay.wake();
    expect(await outbox.pending()).toBe(1);
    expect(sentTexts()).not.toContain('four');
    hub.failNextPublishes(0);
    await relay.wake();
    await expect.poll(sentTexts, { timeout: 10_000 }).toContain('four');
    expect(sentTexts().filter((text) => text === 'four')).toHaveLength(1);
    expect(await outbox.pending()).toBe(0);
  });
});
