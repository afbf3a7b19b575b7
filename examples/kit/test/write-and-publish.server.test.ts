/**
 * writeAndPublish on PGlite with a real memory publisher: the write and its messages are one unit
 * as far as the process can make them without an outbox — a payload the schema refuses rolls the
 * write back and sends nothing, a failed send keeps the write and throws PublishFailedError with
 * what was saved, and nothing is sent for a write that throws.
 */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';
import { createPublisher, RealtimeError } from '@switchboard/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteAndPublish, type Database, openDatabase, PublishFailedError } from '../src/index.js';

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

describe('writeAndPublish', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    await database.query('create table notes (text text not null)');
  });
  afterAll(() => database?.close());

  const count = async () => Number((await database.query<{ n: number }>('select count(*)::int as n from notes'))[0]?.n);

  it('commits the write, then sends its messages', async () => {
    const publisher = createPublisher({ provider: 'memory' });
    const write = createWriteAndPublish(database, publisher);
    const before = await count();
    await write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('one')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 'one' });
    });
    expect(await count()).toBe(before + 1);
    await publisher.close();
  });

  it('rolls the write back when a queued payload fails its schema', async () => {
    const publisher = createPublisher({ provider: 'memory' });
    const write = createWriteAndPublish(database, publisher);
    const before = await count();
    const failure = write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('two')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 2 } as unknown as { text: string });
    });
    await expect(failure).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'VALIDATION_FAILED'));
    expect(await count()).toBe(before);
    await publisher.close();
  });

  it('keeps the write and throws PublishFailedError with what was saved when the send fails', async () => {
    const publisher = createPublisher({ provider: 'memory' });
    await publisher.close();
    const write = createWriteAndPublish(database, publisher);
    const before = await count();
    const failure = write(async (transaction, messages) => {
      await transaction.query("insert into notes values ('three')");
      await messages.add(notes({ id: 'a' }), 'note', { text: 'three' });
      return { saved: 'three' };
    });
    await expect(failure).rejects.toBeInstanceOf(PublishFailedError);
    await expect(failure).rejects.toMatchObject({ code: 'PUBLISH_FAILED', saved: { saved: 'three' } });
    expect(await count()).toBe(before + 1);
  });
});
