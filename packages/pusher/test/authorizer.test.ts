import { createChannelChecker, defineChannel, RealtimeError } from '@switchboard/core';
import { objectSchema, presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import { pusherAuthorizer, pusherChannelName, WATCHER_USER_ID } from '../src/index.js';

const key = 'auth-key';
const secret = 'auth-secret';
const socketId = '123.456';
const channels = [publicRoom, privateInbox, presenceRoom];
const checker = createChannelChecker(channels);
const alice = { id: 'alice', info: { name: 'Alice (server)' } };
const authorizer = pusherAuthorizer({ key, secret, cluster: 'eu' });
const sdk = new Pusher({ appId: '1', key, secret, cluster: 'eu' });

const authorize = (user: typeof alice, body: Record<string, unknown>) =>
  authorizer.authorize({ user, body, check: (name) => checker(user, name) }) as Promise<{ auth: string; channel_data?: string }>;

describe('pusherAuthorizer', () => {
  it('signs a private channel exactly as the pusher SDK does', async () => {
    const channel = pusherChannelName(privateInbox({ userId: 'alice' }));
    const result = await authorize(alice, { socket_id: socketId, channel_name: channel });
    // Plus the user id, for the subscriber alone (pusher-js sends only `auth` and `channel_data` to Pusher).
    expect(result).toEqual({ ...sdk.authorizeChannel(socketId, channel), user_id: 'alice' });
  });

  it('signs presence with the server-side user id, the server profile and the validated presence data, apart', async () => {
    const channel = pusherChannelName(presenceRoom({ room: 'r1' }));
    const member = await authorize(alice, { socket_id: socketId, channel_name: channel, presence_data: JSON.stringify({ name: 'Ali' }) });
    const signed = { user_id: 'alice', user_info: { info: alice.info, data: { name: 'Ali' } } };
    expect(JSON.parse(member.channel_data ?? '')).toEqual(signed);
    expect(member).toEqual({ ...sdk.authorizeChannel(socketId, channel, signed), user_id: 'alice' });
    const fromServer = await authorize(alice, { socket_id: socketId, channel_name: channel });
    expect(JSON.parse(fromServer.channel_data ?? '')).toEqual({ user_id: 'alice', user_info: { info: alice.info } });
    // Client data never stands in for the profile, even when it is shaped like one.
    const lookalike = await authorize(alice, {
      socket_id: socketId,
      channel_name: channel,
      presence_data: JSON.stringify({ name: 'Admin', info: { role: 'admin' } }),
    });
    expect(JSON.parse(lookalike.channel_data ?? '').user_info).toEqual({
      info: alice.info,
      data: { name: 'Admin', info: { role: 'admin' } },
    });
    const invalid = await authorize(alice, {
      socket_id: socketId,
      channel_name: channel,
      presence_data: JSON.stringify({ name: 7 }),
    }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(invalid, 'VALIDATION_FAILED')).toBe(true);
  });

  it('gives watchers the shared watcher identity, never the user id', async () => {
    const channel = pusherChannelName(presenceRoom({ room: 'r2' }));
    const watcher = await authorize(alice, { socket_id: socketId, channel_name: channel, presence_mode: 'watch' });
    expect(JSON.parse(watcher.channel_data ?? '')).toEqual({ user_id: WATCHER_USER_ID });
  });

  it('refuses with FORBIDDEN and the rule’s reason', async () => {
    const channel = pusherChannelName(privateInbox({ userId: 'bob' }));
    const refused = await authorize(alice, { socket_id: socketId, channel_name: channel }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect((refused as RealtimeError).message).toBe('only user bob may subscribe');
  });

  it('refuses bad requests with INVALID_CHANNEL: public, unknown, mismatched access, bad socket id', async () => {
    const cases: Record<string, unknown>[] = [
      { socket_id: socketId, channel_name: pusherChannelName(publicRoom({ room: 'x' })) },
      { socket_id: socketId, channel_name: 'private-unknown,channel' },
      { socket_id: socketId, channel_name: `presence-${pusherChannelName(privateInbox({ userId: 'alice' })).slice('private-'.length)}` },
      { socket_id: 'not-a-socket', channel_name: pusherChannelName(privateInbox({ userId: 'alice' })) },
      { socket_id: socketId, channel_name: 'private-a;x' },
    ];
    for (const body of cases) {
      const error = await authorize(alice, body).catch((caught: unknown) => caught);
      expect(RealtimeError.isInstance(error, 'INVALID_CHANNEL'), JSON.stringify(body)).toBe(true);
    }
  });

  it('publishes connection parameters, never the secret', () => {
    expect(authorizer.publicConfig()).toEqual({ key, cluster: 'eu', forceTLS: true });
    const selfHosted = pusherAuthorizer({ key, secret, wsHost: '127.0.0.1', wsPort: 6001, forceTLS: false }).publicConfig();
    expect(selfHosted).toEqual({ key, cluster: 'local', wsHost: '127.0.0.1', wsPort: 6001, forceTLS: false });
    expect(JSON.stringify(selfHosted)).not.toContain(secret);
  });

  it('refuses presence data larger than the 1 KB Pusher allows', async () => {
    const room = defineChannel('big:{room}', { access: 'presence', events: { ping: objectSchema({}) }, authorize: () => true });
    const check = createChannelChecker([room]);
    const error = await authorizer
      .authorize({
        user: alice,
        body: {
          socket_id: socketId,
          channel_name: pusherChannelName(room({ room: 'r' })),
          presence_data: JSON.stringify({ text: 'x'.repeat(1100) }),
        },
        check: (name) => check(alice, name),
      })
      .catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'PAYLOAD_TOO_LARGE')).toBe(true);
  });
});
