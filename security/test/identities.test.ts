/**
 * User ids are checked once at the auth boundary, on every provider: an id that is a wildcard
 * (`*` is "any client" to Ably), reserved (the Pusher watcher id), empty, too long or carrying control
 * characters gets no credential. The app's own authenticate answers 403 INVALID_USER; a bearer JWT
 * with such a `sub` is 401; an authorizer called without the handler refuses too.
 */
import type { AblyTokenRequest } from '@switchboard/ably';
import { type AuthUser, MAX_USER_ID_LENGTH, type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { pusherChannelName, WATCHER_USER_ID } from '@switchboard/pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from './support/auth-server.js';
import { channels, room, unique } from './support/channels.js';
import { type Backend, startAbly, startPusher, startSocketIo } from './support/providers.js';
import { signJwt } from './support/users.js';

type ProviderKey = 'socket-io' | 'pusher' | 'ably';
let backends: Record<ProviderKey, Backend>;
let server: AuthServer;

beforeAll(async () => {
  const [socketIo, pusher, ably] = await Promise.all([startSocketIo(), startPusher(), startAbly()]);
  backends = { 'socket-io': socketIo, pusher, ably };
  server = await startAuthServer(socketIo.authorizer);
});

afterAll(async () => {
  await server?.close();
  await Promise.all(Object.values(backends ?? {}).map((backend) => backend.close()));
  expect(server?.failures ?? []).toEqual([]);
});

const lobby = room({ room: unique('lobby') });

/** What each provider's subscriber posts for a presence channel. */
function credentialBody(provider: ProviderKey): { form?: Record<string, string>; json?: unknown } {
  if (provider === 'pusher') return { form: { socket_id: '1234.5678', channel_name: pusherChannelName(lobby) } };
  if (provider === 'ably') return { json: { channels: [lobby.name] } };
  return { json: {} };
}

/** An app whose authenticate trusts a user-chosen name as the id (a username, a display handle). */
function appHandler(provider: ProviderKey, id: unknown) {
  const errors: unknown[] = [];
  const handler = createAuthHandler({
    authenticate: () => ({ id }) as AuthUser,
    channels,
    authorizer: backends[provider].authorizer,
    onError: (error) => errors.push(error),
  });
  const { form, json } = credentialBody(provider);
  const request = new Request('http://app.test/api/realtime', {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(form).toString() : JSON.stringify(json),
  });
  return { response: handler(request), errors };
}

const hostileIds: Array<[string, string]> = [
  ['the wildcard *', '*'],
  ['a wildcard inside', 'mallory*'],
  ['empty', ''],
  [`longer than ${MAX_USER_ID_LENGTH} characters`, 'm'.repeat(MAX_USER_ID_LENGTH + 1)],
  ['a newline (forged log line)', 'mallory\nuser=admin'],
  ['a NUL byte', 'mallory\u0000admin'],
  ['a C1 control', 'mallory\u0085'],
  ['the Pusher watcher id', WATCHER_USER_ID],
  ['a reserved switchboard: id', 'switchboard:hub'],
];

describe.each(['socket-io', 'pusher', 'ably'] as const)('user ids on %s', (provider) => {
  it('a valid id gets its credential (control)', async () => {
    const userId = unique('ada');
    const { response } = appHandler(provider, userId);
    const answer = await response;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    if (provider === 'ably') expect((body as unknown as AblyTokenRequest).clientId).toBe(userId);
    if (provider === 'pusher') expect(JSON.parse(String(body.channel_data)).user_id).toBe(userId);
    if (provider === 'socket-io') expect(typeof body.token).toBe('string');
  });

  it.each(hostileIds)('an id that is %s gets 403 INVALID_USER and no credential', async (_name, id) => {
    const { response, errors } = appHandler(provider, id);
    const answer = await response;
    const body = (await answer.json()) as { error?: { code: string }; clientId?: string; auth?: string; token?: string };
    expect(answer.status).toBe(403);
    expect(body.error?.code).toBe('INVALID_USER');
    expect(body.clientId ?? body.auth ?? body.token).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it.each([
    ['*', '*'],
    ['the watcher id', WATCHER_USER_ID],
    ['a control character', 'ada\u0007'],
  ])('a bearer JWT whose sub is %s is refused with 401', async (_name, sub) => {
    server.use(backends[provider].authorizer);
    const token = signJwt({ sub, exp: Math.floor(Date.now() / 1000) + 3600 });
    const { form, json } = credentialBody(provider);
    const headers = { authorization: `Bearer ${token}` };
    const answer = form ? await server.postForm(headers, form) : await server.postJson(headers, json);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(await answer.json())).not.toContain('clientId');
  });

  it('the authorizer refuses a hostile id even when called without the auth handler', async () => {
    const authorizer: ProviderAuthorizer = backends[provider].authorizer;
    const { form, json } = credentialBody(provider);
    const check = async () => ({ allowed: true, channel: lobby });
    for (const [, id] of hostileIds) {
      const refused = await authorizer.authorize({ user: { id }, body: (form ?? json) as Record<string, unknown>, check }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(RealtimeError.isInstance(refused, 'INVALID_USER')).toBe(true);
    }
  });
});

describe('ably: no TokenRequest is ever bound to clientId "*"', () => {
  it('the emulator is never asked to issue a wildcard identity', async () => {
    const { response } = appHandler('ably', '*');
    const body = await (await response).text();
    expect(body).not.toContain('"clientId"');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'INVALID_USER' } });
  });
});
