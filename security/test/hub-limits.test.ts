/**
 * Socket.IO hub: per-connection limits with their defaults. A signed-in attacker floods one
 * connection with subscriptions, oversized presence data and presence updates; each request over a
 * limit gets its error code, the hub keeps nothing more for it, and a normal subscriber beside it
 * receives every message. Anonymous connections are refused unless the hub enables them.
 */
import { createHub, type Hub, signHubToken, socketIoPublisher } from '@switchboard/socket-io';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
import { Collector } from '@switchboard/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channels, inbox, room, unique } from './support/channels.js';
import { HUB_SECRET } from './support/providers.js';

type Reply = { ok: boolean; code?: string; message?: string; limit?: string; retryAfterMs?: number };

/** The documented defaults (docs/limits.md). */
const MAX_SUBSCRIPTIONS = 100;
const PRESENCE_BURST = 20;

let hub: Hub;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  // Every limit at its default: this is what an app gets without configuring anything.
  hub = createHub({ channels, secret: HUB_SECRET, host: '127.0.0.1', port: 0, presenceGraceMs: 100 });
  await hub.listen();
});
afterAll(() => hub.close());
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const tokenFor = (userId: string) => signHubToken({ user: { id: userId }, secret: HUB_SECRET });

/** A raw socket.io-client connection, as an attacker would open one. */
async function rawSocket(token: string | undefined): Promise<{ socket: Socket; refusal?: { reason?: string } }> {
  const socket = io(hub.url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  closers.push(() => socket.disconnect());
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: { reason?: string } }) =>
      resolve({ socket, refusal: error.data ?? { reason: error.message } }),
    );
  });
}

const request = (socket: Socket, event: string, payload: unknown) => socket.timeout(20_000).emitWithAck(event, payload) as Promise<Reply>;

describe('socket-io hub: per-connection limits', () => {
  it('a subscription flood is capped with RATE_LIMITED while a normal subscriber beside it receives everything', async () => {
    const alice = unique('alice');
    const normal = socketIoSubscriber({ url: hub.url, token: () => tokenFor(alice), requestTimeoutMs: 20_000 });
    closers.push(() => normal.close());
    const received = new Collector<{ n: number }>();
    await normal.subscribe(inbox({ userId: alice }), 'note', received.push).ready;

    const { socket: attacker } = await rawSocket(await tokenFor(unique('mallory')));
    const flood = Array.from({ length: 5000 }, (_, index) =>
      request(attacker, 'switchboard:subscribe', { channel: room({ room: `flood${index}` }).name }),
    );
    const publisher = socketIoPublisher({ hub });
    closers.push(() => publisher.close());
    for (let n = 1; n <= 20; n++) await publisher.publish(inbox({ userId: alice }), 'note', { text: 'during the flood', n });
    const replies = await Promise.all(flood);

    const granted = replies.filter((reply) => reply.ok).length;
    expect(granted).toBeLessThanOrEqual(MAX_SUBSCRIPTIONS);
    const refused = replies.filter((reply) => !reply.ok);
    expect(refused.length).toBeGreaterThanOrEqual(5000 - MAX_SUBSCRIPTIONS);
    expect(refused.every((reply) => reply.code === 'RATE_LIMITED')).toBe(true);
    expect(
      refused.every((reply) => reply.limit === 'maxSubscriptionsPerConnection' || reply.limit === 'maxQueuedRequestsPerConnection'),
    ).toBe(true);
    expect(refused.some((reply) => reply.limit === 'maxSubscriptionsPerConnection')).toBe(true);
    // The hub holds no more rooms for the attacker than the cap (plus its own and its user room).
    const attackerRooms = hub.io?.of('/').sockets.get(attacker.id as string)?.rooms.size ?? 0;
    expect(attackerRooms).toBeLessThanOrEqual(MAX_SUBSCRIPTIONS + 2);
    expect((await received.toHave(20, 20_000)).map((item) => item.n)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    // After unsubscribing one, one more is granted: the limit counts what is held, not what was asked.
    const held = replies.findIndex((reply) => reply.ok);
    expect(await request(attacker, 'switchboard:unsubscribe', { channel: room({ room: `flood${held}` }).name })).toMatchObject({
      ok: true,
    });
    expect(await request(attacker, 'switchboard:subscribe', { channel: room({ room: 'one-more' }).name })).toMatchObject({ ok: true });
  });

  it('oversized presence data is PAYLOAD_TOO_LARGE and never reaches the other members', async () => {
    const lobby = room({ room: unique('lobby') });
    const { socket: watcher } = await rawSocket(await tokenFor(unique('bob')));
    let presenceBytes = 0;
    watcher.on('switchboard:presence', (_channel: string, event: unknown) => {
      presenceBytes += JSON.stringify(event).length;
    });
    expect(await request(watcher, 'switchboard:subscribe', { channel: lobby.name })).toMatchObject({ ok: true });
    const { socket: attacker } = await rawSocket(await tokenFor(unique('mallory')));
    expect(await request(attacker, 'switchboard:subscribe', { channel: lobby.name })).toMatchObject({ ok: true });
    const huge = { name: 'x'.repeat(900_000) };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => request(attacker, 'switchboard:presence-update', { channel: lobby.name, data: huge })),
    );
    expect(replies.every((reply) => reply.code === 'PAYLOAD_TOO_LARGE')).toBe(true);
    // Control: small data goes through and is seen.
    expect(await request(attacker, 'switchboard:presence-enter', { channel: lobby.name, data: { name: 'Mallory' } })).toMatchObject({
      ok: true,
    });
    const started = Date.now();
    while (presenceBytes === 0 && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(presenceBytes).toBeGreaterThan(0);
    expect(presenceBytes).toBeLessThan(10_000);
  });

  it('presence updates beyond the rate are RATE_LIMITED with a retry delay; the connection keeps working', async () => {
    const lobby = room({ room: unique('lobby') });
    const { socket: watcher } = await rawSocket(await tokenFor(unique('bob')));
    let presenceEvents = 0;
    watcher.on('switchboard:presence', () => {
      presenceEvents += 1;
    });
    expect(await request(watcher, 'switchboard:subscribe', { channel: lobby.name })).toMatchObject({ ok: true });
    const { socket: attacker } = await rawSocket(await tokenFor(unique('mallory')));
    expect(await request(attacker, 'switchboard:subscribe', { channel: lobby.name })).toMatchObject({ ok: true });
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        request(attacker, 'switchboard:presence-update', { channel: lobby.name, data: { name: `m${n}` } }),
      ),
    );
    const accepted = replies.filter((reply) => reply.ok).length;
    expect(accepted).toBeLessThanOrEqual(PRESENCE_BURST + 2);
    const limited = replies.filter((reply) => reply.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(200 - PRESENCE_BURST - 2);
    expect(limited.every((reply) => reply.limit === 'presenceUpdatesPerSecond' && (reply.retryAfterMs ?? 0) > 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(presenceEvents).toBeLessThanOrEqual(accepted);
    // Subscribing still works on the same connection.
    expect(await request(attacker, 'switchboard:subscribe', { channel: room({ room: unique('after') }).name })).toMatchObject({ ok: true });
  });

  it('an oversized request is PAYLOAD_TOO_LARGE before it is queued, and an over-long channel name INVALID_CHANNEL', async () => {
    const { socket: attacker } = await rawSocket(await tokenFor(unique('mallory')));
    const padded = { channel: room({ room: unique('pad') }).name, padding: 'x'.repeat(500_000) };
    expect(await request(attacker, 'switchboard:subscribe', padded)).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    expect(await request(attacker, 'switchboard:subscribe', { channel: `secure:room:${'a'.repeat(100_000)}` })).toMatchObject({
      ok: false,
      code: 'INVALID_CHANNEL',
    });
    expect(await request(attacker, 'switchboard:subscribe', { channel: room({ room: unique('fine') }).name })).toMatchObject({ ok: true });
  });

  it('refuses anonymous connections unless the hub enables them', async () => {
    const { refusal } = await rawSocket(undefined);
    expect(refusal?.reason).toContain('a token is required');
    const open = createHub({ channels, secret: HUB_SECRET, host: '127.0.0.1', port: 0, allowAnonymous: true });
    await open.listen();
    closers.push(() => open.close());
    const anonymous = io(open.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    closers.push(() => anonymous.disconnect());
    await new Promise<void>((resolve, reject) => {
      anonymous.once('connect', () => resolve());
      anonymous.once('connect_error', reject);
    });
  });
});
