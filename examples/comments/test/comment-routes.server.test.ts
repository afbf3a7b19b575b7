/**
 * The comment routes against a real publisher on the Pusher emulator, with the transactional
 * outbox and its relay. The comments are in PostgreSQL (PGlite here), and each change's message is
 * recorded in the change's transaction: when the provider refuses the send, a new, edited or
 * deleted comment is still answered 201/200 — committed — and the relay sends its message once the
 * provider is back (the routes used to log the failure, then to answer 502).
 */
import { pusherPublisher } from '@switchboard/pusher';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHAPTER_ID } from '../src/chapters.js';
import { commentsExample } from '../src/index.js';

const path = `/chapters/${DEFAULT_CHAPTER_ID}/comments`;

describe('comment routes', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'comments-test', key: 'comments-key', secret: 'comments-secret' });
    server = await startBackend(commentsExample, (outbox) =>
      pusherPublisher({
        ...emulator.serverOptions(),
        outbox,
        retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 },
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  /** Runs `work` while the provider refuses every send; the relay's passes meanwhile fail too. */
  const failingSends = async <T>(work: () => Promise<T>): Promise<T> => {
    emulator.failNextHttp(1_000, 500);
    try {
      const result = await work();
      await server.relay.wake();
      return result;
    } finally {
      emulator.failNextHttp(0);
    }
  };
  /** Successful event triggers the emulator answered so far. */
  const triggered = () => emulator.requests().filter((request) => /events$/.test(request.path) && request.status === 200).length;

  it('keeps comments in the database: the seeded one, then a new, an edited and a deleted one', async () => {
    const listed = await server.call('GET', path, null);
    expect(listed.body.comments).toEqual([expect.objectContaining({ author: { id: 'alan', name: 'Alan Turing' } })]);
    const created = await server.call('POST', path, 'ada', { text: 'First!' });
    expect(created.status).toBe(201);
    const id = (created.body.comment as { id: string }).id;
    expect((await server.call('PATCH', `${path}/${id}`, 'ada', { text: 'Second, then' })).status).toBe(200);
    const rows = await server.database.query<{ text: string }>('select text from comments.comments where id = $1', [id]);
    expect(rows).toEqual([{ text: 'Second, then' }]);
    expect((await server.call('DELETE', `${path}/${id}`, 'ada')).status).toBe(200);
    expect(await server.database.query('select 1 from comments.comments where id = $1', [id])).toEqual([]);
  });

  it('a new comment while the provider refuses sends: committed (201), comment:new sent later by the relay', async () => {
    await server.drained();
    const before = triggered();
    const answer = await failingSends(async () => {
      const created = await server.call('POST', path, 'grace', { text: 'Nobody hears this live' });
      // Committed with its message; the message waits in the outbox.
      expect(await server.outbox.pending()).toBe(1);
      return created;
    });
    expect(answer.status).toBe(201);
    expect((answer.body.comment as { text: string }).text).toBe('Nobody hears this live');
    expect(triggered()).toBe(before);
    await server.drained();
    expect(triggered()).toBe(before + 1);
  });

  it('an edit and a delete while the provider refuses sends: committed (200), sent later by the relay in order', async () => {
    const created = await server.call('POST', path, 'grace', { text: 'Will change' });
    const id = (created.body.comment as { id: string }).id;
    await server.drained();
    const before = triggered();
    const edited = await failingSends(() => server.call('PATCH', `${path}/${id}`, 'grace', { text: 'Changed quietly' }));
    expect(edited.status).toBe(200);
    const deleted = await failingSends(() => server.call('DELETE', `${path}/${id}`, 'grace'));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ commentId: id });
    expect(await server.database.query('select 1 from comments.comments where id = $1', [id])).toEqual([]);
    expect(await server.outbox.pending()).toBe(2);
    await server.drained();
    // Both in one batch or two, in order: the update's row before the delete's.
    expect(triggered()).toBeGreaterThan(before);
    const rows = await server.database.query<{ event: string }>(
      "select record::jsonb #>> '{envelope,event}' as event from switchboard.outbox where record::jsonb #>> '{envelope,data,commentId}' = $1 or record::jsonb #>> '{envelope,data,comment,id}' = $1 order by seq",
      [id],
    );
    expect(rows.map((row) => row.event)).toEqual(['comment:new', 'comment:update', 'comment:delete']);
  });

  it('answers 404 for an id that is not a comment, before touching the database column types', async () => {
    expect((await server.call('PATCH', `${path}/not-a-uuid`, 'ada', { text: 'x' })).status).toBe(404);
  });
});
