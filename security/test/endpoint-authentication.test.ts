/**
 * The auth endpoint on every provider: no user or a bad bearer token is 401 before any provider code
 * runs, another user's private channel is 403 with the rule's reason, and identity fields in the
 * body are ignored.
 */
import { pusherChannelName } from '@switchboard/pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { type Backend, startAbly, startPusher, startSocketIo } from './support/providers.js';
import { badTokens, bearer } from './support/users.js';

const alice = unique('alice');
const bob = unique('bob');

let backends: Record<'socket-io' | 'pusher' | 'ably', Backend>;
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

/** A credential request for `userId`'s own inbox, as each provider's subscriber sends it. */
function ownInboxRequest(provider: keyof typeof backends, headers: Record<string, string>): Promise<Response> {
  if (provider === 'pusher') {
    return server.postForm(headers, { socket_id: '1234.5678', channel_name: pusherChannelName(inbox({ userId: alice })) });
  }
  if (provider === 'ably') return server.postJson(headers, { channels: [inbox({ userId: alice }).name] });
  return server.postJson(headers, {});
}

describe.each(['socket-io', 'pusher', 'ably'] as const)('auth endpoint on %s', (provider) => {
  beforeAll(() => server.use(backends[provider].authorizer));

  it('issues a credential to the signed-in owner (control)', async () => {
    const response = await ownInboxRequest(provider, bearer(alice));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 without a bearer token', async () => {
    const response = await ownInboxRequest(provider, {});
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it.each(badTokens(alice))('answers 401 to a token that is %s', async (_name, token) => {
    const response = await ownInboxRequest(provider, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(body)).not.toContain('token');
  });

  it('tells the browser only public connection parameters', async () => {
    const response = await fetch(server.url);
    const text = await response.text();
    expect(JSON.parse(text).provider).toBe(provider);
    for (const secret of ['security-suite-hub-secret', 'security-pusher-secret', 'security-ably-secret'])
      expect(text).not.toContain(secret);
  });
});

describe('another user’s private channel is refused at the endpoint', () => {
  it('pusher: 403 with the rule’s reason, no signature', async () => {
    server.use(backends.pusher.authorizer);
    const response = await server.postForm(bearer(alice), {
      socket_id: '1234.5678',
      channel_name: pusherChannelName(inbox({ userId: bob })),
    });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(JSON.parse(text).error).toEqual({ code: 'FORBIDDEN', message: `only user ${bob} may subscribe` });
    expect(text).not.toContain('auth"');
  });

  it('ably: 403 for the whole request when one listed channel is another user’s', async () => {
    server.use(backends.ably.authorizer);
    const response = await server.postJson(bearer(alice), { channels: [inbox({ userId: alice }).name, inbox({ userId: bob }).name] });
    expect(response.status).toBe(403);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('mac');
    expect(JSON.stringify(body)).toContain(`only user ${bob} may subscribe`);
  });
});

describe('identity comes from the server-side user, never from the body', () => {
  it('pusher: user_id and channel_data in the form are ignored; the signed member is the caller', async () => {
    server.use(backends.pusher.authorizer);
    const response = await server.postForm(bearer(alice), {
      socket_id: '1234.5678',
      channel_name: pusherChannelName(room({ room: 'lobby' })),
      user_id: bob,
      channel_data: JSON.stringify({ user_id: bob }),
      presence_data: JSON.stringify({ name: 'Bob' }),
    });
    expect(response.status).toBe(200);
    const { channel_data } = (await response.json()) as { channel_data: string };
    // The profile is the caller's (from their token), kept apart from the data they chose.
    expect(JSON.parse(channel_data)).toEqual({ user_id: alice, user_info: { info: { name: alice }, data: { name: 'Bob' } } });
  });

  it('ably: clientId, capability and ttl in the body are ignored', async () => {
    server.use(backends.ably.authorizer);
    const own = inbox({ userId: alice }).name;
    const response = await server.postJson(bearer(alice), {
      channels: [own],
      clientId: bob,
      capability: { '*': ['*'] },
      ttl: 999_999_999,
    });
    expect(response.status).toBe(200);
    const tokenRequest = (await response.json()) as { clientId: string; capability: string; ttl: number };
    expect(tokenRequest.clientId).toBe(alice);
    expect(JSON.parse(tokenRequest.capability)).toEqual({ [own]: ['subscribe'] });
    expect(tokenRequest.ttl).toBeLessThanOrEqual(86_400_000);
  });

  it('socket-io: the hub token names the caller whatever the body says', async () => {
    server.use(backends['socket-io'].authorizer);
    const response = await server.postJson(bearer(alice), { user: { id: bob }, sub: bob });
    const { token } = (await response.json()) as { token: string };
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string };
    expect(payload.sub).toBe(alice);
  });
});
