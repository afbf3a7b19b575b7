/**
 * History through the auth endpoint is read access to a channel, so it answers to the same rules as
 * subscribing. Over a real Node http server with JWT authentication: another user's inbox, bad
 * tokens, hostile channel names and malformed requests never reach the store, and a refusal never
 * carries a message.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import { createAuthHandler, jwtAuthenticator, toNodeHandler } from '@switchboard/core/auth';
import { type HistoryStore, memoryHistory } from '@switchboard/core/history';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, inbox, room, unique } from './support/channels.js';
import { badTokens, bearer, JWT_SECRET } from './support/users.js';

const alice = unique('alice');
const bob = unique('bob');
const secret = 'for alice only';

/** Answers history requests only; a credential request here would be a bug. */
const historyOnly: ProviderAuthorizer = {
  provider: 'memory',
  publicConfig: () => ({}),
  authorize: async () => {
    throw new RealtimeError('UNSUPPORTED', 'no credentials here');
  },
};

let url: string;
let close: () => Promise<void>;
const reads: string[] = [];
const failures: unknown[] = [];

beforeAll(async () => {
  const inner = memoryHistory();
  await inner.append([
    { channel: inbox({ userId: alice }), envelope: { id: 'm1', event: 'note', data: { text: secret, n: 1 }, ts: Date.now() } },
  ]);
  // Counts what reached the store: a refused request must read nothing.
  const store: HistoryStore = {
    append: (messages) => inner.append(messages),
    read: (channel, range) => {
      reads.push(channel.name);
      return inner.read(channel, range);
    },
    close: () => inner.close(),
  };
  const handler = createAuthHandler({
    authenticate: jwtAuthenticator({ secret: JWT_SECRET }),
    channels,
    authorizer: historyOnly,
    history: store,
    onError: (error) => failures.push(error),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/realtime`;
  close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});

afterAll(async () => {
  await close?.();
  expect(failures).toEqual([]);
});

const ask = (headers: Record<string, string>, history: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ history }) });

async function refused(response: Response): Promise<{ status: number; code: string; body: string }> {
  const body = await response.text();
  return { status: response.status, code: (JSON.parse(body) as { error: { code: string } }).error.code, body };
}

describe('history through the auth endpoint', () => {
  it('serves the owner (control)', async () => {
    const response = await ask(bearer(alice), { channel: inbox({ userId: alice }).name });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { messages: Array<{ data: unknown }> }).messages.map((message) => message.data)).toEqual([
      { text: secret, n: 1 },
    ]);
  });

  it('refuses another user’s inbox with 403 and reads nothing', async () => {
    const before = reads.length;
    const answer = await refused(await ask(bearer(bob), { channel: inbox({ userId: alice }).name }));
    expect([answer.status, answer.code]).toEqual([403, 'FORBIDDEN']);
    expect(answer.body).not.toContain(secret);
    expect(reads.length).toBe(before);
  });

  it.each(badTokens(alice))('refuses a %s token with 401 and reads nothing', async (_label, token) => {
    const before = reads.length;
    const answer = await refused(await ask({ authorization: `Bearer ${token}` }, { channel: inbox({ userId: alice }).name }));
    expect([answer.status, answer.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(reads.length).toBe(before);
  });

  it.each([
    ['a wildcard', 'secure:inbox:*'],
    ['a comma list', `secure:inbox:${bob},secure:inbox:${alice}`],
    ['an Ably channel qualifier', `[?rewind=100]secure:inbox:${alice}`],
    ['a private- prefix', `private-secure:inbox:${alice}`],
    ['a trailing NUL', `secure:inbox:${alice}\u0000`],
    ['a 10 KB name', `secure:inbox:${'a'.repeat(10_240)}`],
  ])('refuses %s with 400 INVALID_CHANNEL and reads nothing', async (_label, name) => {
    const before = reads.length;
    const answer = await refused(await ask(bearer(bob), { channel: name }));
    expect([answer.status, answer.code]).toEqual([400, 'INVALID_CHANNEL']);
    expect(answer.body).not.toContain(secret);
    expect(reads.length).toBe(before);
  });

  it('refuses malformed history requests with 400 and reads nothing', async () => {
    const before = reads.length;
    for (const history of [
      'secure:inbox',
      [inbox({ userId: alice }).name],
      { channel: 42 },
      { channel: room({ room: 'lobby' }).name, limit: -1 },
      { channel: room({ room: 'lobby' }).name, since: 'NaN' },
    ]) {
      const answer = await refused(await ask(bearer(bob), history));
      expect([answer.status, answer.code], JSON.stringify(history)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const form = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(bob) },
      body: new URLSearchParams({ history: inbox({ userId: alice }).name }).toString(),
    });
    expect((await refused(form)).status).toBe(400);
    expect(reads.length).toBe(before);
  });
});
