/** History through the auth endpoint: the subscribe rules decide, pages are typed and validated, bad requests get clear codes. */
import { createHistoryClient, defineChannel, type RealtimeError, type StandardSchemaV1 } from '@switchboard/core';
import { memoryHistory } from '@switchboard/core/history';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';
import { announcements, anything, channels, errorOf, handlerWith, jsonRequest, progress } from './support/auth-fixtures.js';

const ENDPOINT = 'http://app.test/api/realtime';

function setup() {
  const store = memoryHistory();
  const publisher = memoryPublisher({ hub: new MemoryHub(), history: store });
  const { handler, issued } = handlerWith({ history: store });
  /** A client signed in with `session` (or anonymous), whose fetch calls the handler directly. */
  const client = (session?: string, onError?: (error: RealtimeError) => void) =>
    createHistoryClient({
      authEndpoint: ENDPOINT,
      ...(session ? { authHeaders: { cookie: `session=${session}` } } : {}),
      fetch: async (url, init) => handler(new Request(url, init)),
      ...(onError ? { onError } : {}),
    });
  return { store, publisher, handler, issued, client };
}

describe('history through the auth endpoint', () => {
  it('answers the owner of a private channel with typed pages, and pages on with next', async () => {
    const { publisher, client, issued } = setup();
    const mine = progress({ userId: 42 });
    for (let n = 1; n <= 3; n++) await publisher.publish(mine, 'lesson:updated', { n });
    const reader = client('session-42');
    const page = await reader.history(mine, { limit: 2 });
    expect(page.messages.map((message) => [message.seq, message.event, message.data])).toEqual([
      [3, 'lesson:updated', { n: 3 }],
      [2, 'lesson:updated', { n: 2 }],
    ]);
    expect(page).toMatchObject({ latestSeq: 3, earliestSeq: 1, next: { before: 2, limit: 2, direction: 'backwards' } });
    const rest = await reader.history(mine, page.next);
    expect(rest.messages.map((message) => message.seq)).toEqual([1]);
    expect(rest.next).toBeUndefined();
    // Reading history issues no provider credential.
    expect(issued).toEqual([]);
  });

  it('refuses another user with FORBIDDEN and the rule’s reason, and a signed-out reader of a private channel with UNAUTHORIZED', async () => {
    const { publisher, client } = setup();
    const theirs = progress({ userId: 42 });
    await publisher.publish(theirs, 'lesson:updated', { secret: true });
    await expect(client('session-7').history(theirs)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('only user 42 may subscribe'),
    });
    await expect(client().history(theirs)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets anyone read a channel anyone may subscribe to, signed in or not', async () => {
    const { publisher, client } = setup();
    await publisher.publish(announcements({}), 'notice:posted', { text: 'hello' });
    expect((await client().history(announcements({}))).messages.map((message) => message.data)).toEqual([{ text: 'hello' }]);
    expect((await client('session-7').history(announcements({}))).messages).toHaveLength(1);
  });

  it('answers bad requests with 400 and a code: bad query, unknown channel, no history field shape', async () => {
    const { handler } = setup();
    const bad = async (history: unknown) => {
      const response = await handler(jsonRequest({ history }));
      return [response.status, (await errorOf(response)).code];
    };
    expect(await bad({ channel: 'announcements', limit: 0 })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bad({ channel: 'announcements', direction: 'sideways' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bad({ channel: 'nowhere:1' })).toEqual([400, 'INVALID_CHANNEL']);
    expect(await bad('announcements')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await bad({ limit: 5 })).toEqual([400, 'VALIDATION_FAILED']);
    const capped = await handler(jsonRequest({ history: { channel: 'announcements', limit: 50_000 } }));
    expect(capped.status).toBe(200);
  });

  it('answers UNSUPPORTED where the endpoint has no store, and keeps refusing signed-out credential requests', async () => {
    const { handler } = handlerWith();
    const response = await handler(jsonRequest({ history: { channel: 'announcements' } }));
    expect([response.status, (await errorOf(response)).code]).toEqual([400, 'UNSUPPORTED']);
    const { handler: withStore } = handlerWith({ history: memoryHistory() });
    const anonymous = await withStore(jsonRequest({ channel_name: 'announcements' }, 'nobody'));
    expect([anonymous.status, (await errorOf(anonymous)).code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('validates each message against the schema on the client and leaves out, and reports, what fails', async () => {
    const strict: StandardSchemaV1<{ n: number }> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          typeof (value as { n?: unknown })?.n === 'number'
            ? { value: value as { n: number } }
            : { issues: [{ message: 'n: expected a number' }] },
      },
    };
    // The server's definition accepts anything; the browser's is stricter (an older or newer build).
    const loose = defineChannel('scores:{id}', { access: 'public', events: { score: anything() } });
    const tight = defineChannel('scores:{id}', { access: 'public', events: { score: strict } });
    const store = memoryHistory();
    const publisher = memoryPublisher({ hub: new MemoryHub(), history: store });
    await publisher.publish(loose({ id: 'a' }), 'score', { n: 1 });
    await publisher.publish(loose({ id: 'a' }), 'score', { n: 'two' });
    const { handler } = handlerWith({ channels: [...channels, loose], history: store });
    const errors: RealtimeError[] = [];
    const reader = createHistoryClient({
      authEndpoint: ENDPOINT,
      fetch: async (url, init) => handler(new Request(url, init)),
      onError: (error) => errors.push(error),
    });
    const page = await reader.history(tight({ id: 'a' }), { direction: 'forwards' });
    expect(page.messages.map((message) => message.data)).toEqual([{ n: 1 }]);
    expect(errors.map((error) => error.code)).toEqual(['VALIDATION_FAILED']);
  });

  it('checks the query before asking the server, and needs an endpoint', async () => {
    let asked = 0;
    const reader = createHistoryClient({
      authEndpoint: ENDPOINT,
      fetch: async () => {
        asked += 1;
        return new Response('{}');
      },
    });
    await expect(reader.history(announcements({}), { limit: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(reader.history(announcements({}))).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE' });
    expect(asked).toBe(1);
    expect(() => createHistoryClient({ authEndpoint: '' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });
});
