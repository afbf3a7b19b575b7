/**
 * The comment routes against a real publisher on the Pusher emulator. When the provider refuses
 * the send, a new, edited or deleted comment is answered 502 PUBLISH_FAILED with what was saved
 * (the routes used to log it and answer 201/200 as if the other readers had been told), and the
 * comments are in PostgreSQL (PGlite here).
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
  let publisher: ReturnType<typeof pusherPublisher>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'comments-test', key: 'comments-key', secret: 'comments-secret' });
    publisher = pusherPublisher({
      ...emulator.serverOptions(),
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 },
    });
    server = await startBackend(commentsExample, publisher);
  });

  afterAll(async () => {
    await server?.close();
    await publisher?.close();
    await emulator?.close();
  });

  const failingSends = async <T>(work: () => Promise<T>): Promise<T> => {
    emulator.failNextHttp(100, 500);
    try {
      return await work();
    } finally {
      emulator.failNextHttp(0);
    }
  };

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

  it('answers 502 PUBLISH_FAILED with the saved comment when comment:new cannot be sent', async () => {
    const answer = await failingSends(() => server.call('POST', path, 'grace', { text: 'Nobody hears this live' }));
    expect(answer.status).toBe(502);
    expect(answer.body.error).toEqual(expect.objectContaining({ code: 'PUBLISH_FAILED' }));
    expect((answer.body.saved as { comment: { text: string } }).comment.text).toBe('Nobody hears this live');
  });

  it('answers 502 PUBLISH_FAILED when comment:update or comment:delete cannot be sent', async () => {
    const created = await server.call('POST', path, 'grace', { text: 'Will change' });
    const id = (created.body.comment as { id: string }).id;
    const edited = await failingSends(() => server.call('PATCH', `${path}/${id}`, 'grace', { text: 'Changed quietly' }));
    expect(edited.status).toBe(502);
    expect(edited.body.error).toEqual(expect.objectContaining({ code: 'PUBLISH_FAILED' }));
    const deleted = await failingSends(() => server.call('DELETE', `${path}/${id}`, 'grace'));
    expect(deleted.status).toBe(502);
    expect(deleted.body.saved).toEqual({ commentId: id });
  });

  it('answers 404 for an id that is not a comment, before touching the database column types', async () => {
    expect((await server.call('PATCH', `${path}/not-a-uuid`, 'ada', { text: 'x' })).status).toBe(404);
  });
});
