/**
 * Socket.IO: the hub verifies every handshake token and applies the access rules at every
 * subscription. Tokens signed with the wrong secret, edited, expired or naming a user the caller is
 * not are refused at the handshake; a client cannot publish, claim another presence identity, or
 * widen a subscription with a hostile channel name.
 */
import type { RealtimeSubscriber } from '@switchboard/core';
import { RealtimeError } from '@switchboard/core';
import { signHubToken } from '@switchboard/socket-io';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { HUB_SECRET, startSocketIo } from './support/providers.js';
import { bearer } from './support/users.js';

const suite = withAuthServer(startSocketIo);
const closers: Array<() => unknown> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const endpointToken = (userId: string) =>
  suite.server.postJson(bearer(userId), {}).then((response) => credentialOf<{ token: string }>(response).then((body) => body.token));

function subscriberWith(token: string): RealtimeSubscriber {
  const created = socketIoSubscriber({ url: suite.backend.hub.url, token, reconnectionDelayMs: 50, requestTimeoutMs: 8000 });
  closers.push(() => created.close());
  return created;
}

/** A raw socket.io-client connection: connected, or the hub's handshake refusal. */
async function rawSocket(token: string | undefined): Promise<{ socket: Socket; refusal?: { reason?: string; expired?: boolean } }> {
  const socket = io(suite.backend.hub.url, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  closers.push(() => socket.disconnect());
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: { reason?: string; expired?: boolean } }) =>
      resolve({ socket, refusal: error.data ?? { reason: error.message } }),
    );
  });
}

type Reply = { ok: boolean; code?: string; value?: unknown };
const request = (socket: Socket, event: string, payload: unknown) => socket.timeout(8000).emitWithAck(event, payload) as Promise<Reply>;

const editedPayload = (token: string, edit: (payload: Record<string, unknown>) => Record<string, unknown>) => {
  const [version, payload, signature] = token.split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${version}.${Buffer.from(JSON.stringify(edit(decoded))).toString('base64url')}.${signature}`;
};

describe('socket-io: handshake tokens', () => {
  it('the endpoint’s token connects and its owner receives on the private channel (control)', async () => {
    const alice = unique('alice');
    const received = new Collector<unknown>();
    await subscriberWith(await endpointToken(alice)).subscribe(inbox({ userId: alice }), 'note', received.push).ready;
    await suite.backend.publisher.publish(inbox({ userId: alice }), 'note', { text: 'mine', n: 1 });
    expect(await received.toHave(1)).toEqual([{ text: 'mine', n: 1 }]);
  });

  it('user A’s valid token is refused on user B’s private channel by the hub', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const received = new Collector<unknown>();
    const refused = await subscriberWith(await endpointToken(alice))
      .subscribe(inbox({ userId: bob }), 'note', received.push)
      .ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    await suite.backend.publisher.publish(inbox({ userId: bob }), 'note', { text: 'secret', n: 1 });
    await quietPeriod(300);
    expect(received.items).toEqual([]);
  });

  it.each([
    [
      'signed with the wrong secret',
      async (alice: string) => signHubToken({ user: { id: alice }, secret: 'not-the-hub-secret-0123456789abcdef-0123' }),
    ],
    [
      'edited to name another user',
      async (alice: string) => editedPayload(await endpointToken(alice), (payload) => ({ ...payload, sub: 'victim' })),
    ],
    [
      'edited to live longer',
      async (alice: string) => editedPayload(await endpointToken(alice), (payload) => ({ ...payload, exp: 9_999_999_999 })),
    ],
    [
      'expired an hour ago',
      async (alice: string) => signHubToken({ user: { id: alice }, secret: HUB_SECRET, ttlSeconds: 60, now: Date.now() - 3_600_000 }),
    ],
    ['missing its signature', async (alice: string) => (await endpointToken(alice)).split('.').slice(0, 2).join('.')],
    ['a bearer JWT of the app instead', async (alice: string) => bearer(alice).authorization.slice('Bearer '.length)],
  ])('a token %s is refused at the handshake', async (name, make) => {
    const alice = unique('alice');
    const { socket, refusal } = await rawSocket(await make(alice));
    expect(socket.connected).toBe(false);
    expect(refusal?.reason).toBeTruthy();
    if (name.startsWith('expired')) expect(refusal?.expired).toBe(true);
  });

  it('the subscriber reports a refused handshake as UNAUTHORIZED and receives nothing', async () => {
    const alice = unique('alice');
    const forged = await signHubToken({ user: { id: alice }, secret: 'not-the-hub-secret-0123456789abcdef-0123' });
    const refused = await subscriberWith(forged)
      .subscribe(inbox({ userId: alice }), 'note', () => {})
      .ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'UNAUTHORIZED')).toBe(true);
  });
});

describe('socket-io: what a connected client may not do', () => {
  it('cannot publish: hub→client event names and invented ones reach nobody; the server’s publish does (control)', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const lobby = room({ room: unique('lobby') });
    const received = new Collector<{ n: number }>();
    await subscriberWith(await endpointToken(bob)).subscribe(lobby, 'note', received.push).ready;
    const { socket } = await rawSocket(await endpointToken(alice));
    expect((await request(socket, 'switchboard:subscribe', { channel: lobby.name })).ok).toBe(true);
    const forged = { id: 'forged-1', event: 'note', data: { text: 'forged', n: 666 }, ts: Date.now(), seq: 1 };
    socket.emit('switchboard:message', lobby.name, forged);
    socket.emit('switchboard:publish', { channel: lobby.name, envelope: forged });
    socket.emit('publish', lobby.name, forged);
    socket.emit('switchboard:presence', lobby.name, { action: 'enter', member: { userId: 'ghost' } });
    await suite.backend.publisher.publish(lobby, 'note', { text: 'real', n: 1 });
    await received.toHave(1);
    await quietPeriod(300);
    expect(received.items).toEqual([{ text: 'real', n: 1 }]);
  });

  it('cannot use its token on the hub’s HTTP publish endpoint', async () => {
    const alice = unique('alice');
    const token = await endpointToken(alice);
    const body = JSON.stringify({
      messages: [{ channel: inbox({ userId: alice }).name, envelope: { id: 'x', event: 'note', data: {}, ts: 1 } }],
    });
    const attempts: Array<Record<string, string>> = [
      { authorization: `Bearer ${token}` },
      { 'x-switchboard-signature': `sha256=${token}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${suite.backend.hub.url}/switchboard/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(401);
    }
  });

  it('cannot claim another presence identity: members carry the token’s user', async () => {
    const [alice, bob, carol] = [unique('alice'), unique('bob'), unique('carol')];
    const lobby = room({ room: unique('lobby') });
    const watcher = subscriberWith(await endpointToken(carol)).presence(lobby);
    const events = new Collector<{ member: { userId: string } }>();
    watcher.onChange(events.push);
    await watcher.members();
    const { socket } = await rawSocket(await endpointToken(alice));
    const early = await request(socket, 'switchboard:presence-enter', { channel: lobby.name, data: { name: 'Bob' } });
    expect(early).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await request(socket, 'switchboard:subscribe', { channel: lobby.name });
    const entered = await request(socket, 'switchboard:presence-enter', {
      channel: lobby.name,
      data: { name: 'Bob' },
      userId: bob,
      member: { userId: bob },
      user: { id: bob },
    });
    expect(entered.ok).toBe(true);
    await waitFor(() => events.items.length > 0, 10_000, 'the join');
    expect((await watcher.members()).map((member) => member.userId)).toEqual([alice]);
    expect((await suite.backend.publisher.presence(lobby).members()).map((member) => member.userId)).toEqual([alice]);
    expect(events.items.map((event) => event.member.userId)).not.toContain(bob);
  });

  it.each([
    ['a comma list', (alice: string, bob: string) => `${inbox({ userId: alice }).name},${inbox({ userId: bob }).name}`],
    ['a * wildcard', () => 'secure:inbox:*'],
    ['a # wildcard', () => 'secure:inbox:#'],
    ['a private- prefix', (alice: string) => `private-${inbox({ userId: alice }).name}`],
    ['a 10 KB name', () => `secure:inbox:${'a'.repeat(10_240)}`],
    ['a Cyrillic look-alike', (alice: string) => inbox({ userId: alice }).name.replace('alice', '\u0430lice')],
    ['a non-string channel', () => ['secure:inbox:x'] as unknown as string],
  ])('refuses to subscribe %s with INVALID_CHANNEL', async (_name, make) => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const { socket } = await rawSocket(await endpointToken(alice));
    const reply = await request(socket, 'switchboard:subscribe', { channel: make(alice, bob) });
    expect(reply).toMatchObject({ ok: false, code: 'INVALID_CHANNEL' });
  });

  it('an anonymous connection is refused at the handshake (anonymous connections are off by default)', async () => {
    const { socket, refusal } = await rawSocket(undefined);
    expect(socket.connected).toBe(false);
    expect(refusal?.reason).toContain('a token is required');
  });
});
