/**
 * Revocation on the hub: `disconnectUser` ends every connection of a user (across hubs on Redis)
 * and refuses the tokens issued before it; connection-state recovery checks the credentials again
 * instead of skipping them; presence is allowed on the channels the hub granted, not on whatever
 * rooms the socket happens to be in.
 */
import { RealtimeError, type StateChange } from '@switchboard/core';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, signHubToken } from '../src/index.js';
import { socketIoSubscriber } from '../src/subscriber/index.js';
import { inbox, lobby, testChannels, uniqueId } from './catalog.js';
import { REDIS_URL, redisAvailable, SECRET, startHub } from './helpers.js';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const tokenFor = (userId: string, now?: number) => signHubToken({ user: { id: userId }, secret: SECRET, ...(now ? { now } : {}) });

function subscriber(url: string, token: string | (() => Promise<string>)) {
  const created = socketIoSubscriber({ url, token, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 200, requestTimeoutMs: 8000 });
  closers.push(() => created.close());
  return created;
}

async function rawSocket(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  closers.push(() => socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const publishTo = (hub: Hub, channel: string, n: number) =>
  hub.publish([{ channel, envelope: { id: uniqueId('m'), event: 'tick', data: { n }, ts: Date.now() } }]);

describe('hub.disconnectUser and recovery', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(testChannels, { recoveryWindowMs: 10_000 });
  });
  afterAll(() => hub.close());

  it('disconnects every connection of the user at once, with UNAUTHORIZED, and leaves other users alone', async () => {
    const [alice, bob] = [uniqueId('alice'), uniqueId('bob')];
    const phone = subscriber(hub.url, () => tokenFor(alice));
    const laptop = subscriber(hub.url, () => tokenFor(alice));
    const other = subscriber(hub.url, () => tokenFor(bob));
    const atPhone = new Collector<{ n: number }>();
    const atOther = new Collector<{ n: number }>();
    const phoneStates = new Collector<StateChange>();
    phone.onStateChange(phoneStates.push);
    await phone.subscribe(inbox({ userId: alice }), 'tick', atPhone.push).ready;
    await laptop.subscribe(inbox({ userId: alice }), 'tick', () => {}).ready;
    await other.subscribe(inbox({ userId: bob }), 'tick', atOther.push).ready;

    await hub.disconnectUser(alice);
    await waitFor(() => phone.state === 'disconnected' && laptop.state === 'disconnected', 5000, 'both of alice’s connections closed');
    const closed = phoneStates.items.find((change) => change.current === 'disconnected');
    expect(RealtimeError.isInstance(closed?.reason, 'UNAUTHORIZED')).toBe(true);
    await publishTo(hub, inbox({ userId: alice }).name, 1);
    await publishTo(hub, inbox({ userId: bob }).name, 2);
    expect(await atOther.toHave(1)).toEqual([{ n: 2 }]);
    await quietPeriod(300);
    expect(atPhone.items).toEqual([]);
  });

  it('refuses the user’s tokens issued before the call; a token issued after it is accepted', async () => {
    const alice = uniqueId('alice');
    const before = await tokenFor(alice);
    await hub.disconnectUser(alice);
    const refused = await subscriber(hub.url, before)
      .subscribe(inbox({ userId: alice }), 'tick', () => {})
      .ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') });
    // Issued a little later (within the tolerated skew): the auth endpoint decided to let the user back.
    const after = await tokenFor(alice, Date.now() + 2000);
    await subscriber(hub.url, after).subscribe(inbox({ userId: alice }), 'tick', () => {}).ready;
  });

  it('a revoked user whose connection had dropped cannot recover it with the old token', async () => {
    const alice = uniqueId('alice');
    const oldToken = await tokenFor(alice);
    const client = subscriber(hub.url, oldToken);
    const received = new Collector<{ n: number }>();
    await client.subscribe(inbox({ userId: alice }), 'tick', received.push).ready;
    await hub.dropConnections({ downForMs: 300 });
    await hub.disconnectUser(alice);
    await publishTo(hub, inbox({ userId: alice }).name, 1);
    await waitFor(() => client.state === 'failed', 8000, 'the recovery refused');
    await quietPeriod(200);
    expect(received.items).toEqual([]);
  });

  it('checks the token again on recovery: an expired one does not restore the session or its missed messages', async () => {
    const alice = uniqueId('alice');
    let expired = false;
    const client = subscriber(hub.url, () => signHubToken({ user: { id: alice }, secret: SECRET, ttlSeconds: expired ? -120 : 300 }));
    const received = new Collector<{ n: number }>();
    await client.subscribe(inbox({ userId: alice }), 'tick', received.push).ready;
    expired = true;
    await hub.dropConnections({ downForMs: 300 });
    await publishTo(hub, inbox({ userId: alice }).name, 1);
    await waitFor(() => client.state === 'failed', 8000, 'the recovery refused');
    await quietPeriod(200);
    expect(received.items).toEqual([]);
  });

  it('still recovers a session, with its missed messages, when the token is valid (control)', async () => {
    const alice = uniqueId('alice');
    const client = subscriber(hub.url, () => tokenFor(alice));
    const received = new Collector<{ n: number }>();
    await client.subscribe(inbox({ userId: alice }), 'tick', (data, meta) => received.push({ n: data.n + (meta.recovered ? 100 : 0) }))
      .ready;
    await hub.dropConnections({ downForMs: 300 });
    await publishTo(hub, inbox({ userId: alice }).name, 1);
    expect(await received.toHave(1, 8000)).toEqual([{ n: 101 }]);
  });

  it('refuses to restore a session for another user than the one it belonged to', async () => {
    const [alice, mallory] = [uniqueId('alice'), uniqueId('mallory')];
    let who = alice;
    const client = subscriber(hub.url, () => tokenFor(who));
    const received = new Collector<{ n: number }>();
    await client.subscribe(inbox({ userId: alice }), 'tick', received.push).ready;
    who = mallory;
    await hub.dropConnections({ downForMs: 300 });
    await publishTo(hub, inbox({ userId: alice }).name, 1);
    // A fresh session as mallory: resubscribing alice's inbox is refused, nothing of hers is replayed.
    await waitFor(() => client.state === 'connected', 8000, 'reconnected');
    await quietPeriod(500);
    expect(received.items).toEqual([]);
  });
});

describe('presence is checked against the subscriptions the hub granted', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(testChannels);
  });
  afterAll(() => hub.close());

  it('refuses presence on a channel the socket is in the room of but was never granted', async () => {
    const alice = uniqueId('alice');
    const channel = lobby({ roomId: uniqueId('lobby') }).name;
    const socket = await rawSocket(hub.url, await tokenFor(alice));
    // The app put the socket in the room for its own purposes (or a stale join): not a subscription.
    hub.io?.in(socket.id as string).socketsJoin(channel);
    await waitFor(
      () =>
        hub.io
          ?.of('/')
          .sockets.get(socket.id as string)
          ?.rooms.has(channel),
      2000,
      'joined',
    );
    const enter = (await socket.timeout(5000).emitWithAck('switchboard:presence-enter', { channel, data: { name: 'A' } })) as {
      ok: boolean;
      code?: string;
    };
    expect(enter).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const members = (await socket.timeout(5000).emitWithAck('switchboard:presence-members', { channel })) as { ok: boolean; code?: string };
    expect(members).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // Once granted, both work.
    expect(await socket.timeout(5000).emitWithAck('switchboard:subscribe', { channel })).toMatchObject({ ok: true });
    expect(await socket.timeout(5000).emitWithAck('switchboard:presence-enter', { channel, data: { name: 'A' } })).toMatchObject({
      ok: true,
    });
  });
});

const available = await redisAvailable();

describe.skipIf(!available)('hub.disconnectUser across hubs on Redis', () => {
  const streamName = uniqueId('switchboard-test-revoke-');
  let hubA: Hub;
  let hubB: Hub;
  beforeAll(async () => {
    const redis = { url: REDIS_URL, streamName, relayKey: uniqueId('switchboard-test-relay-') };
    hubA = await startHub(testChannels, { redis });
    hubB = await startHub(testChannels, { redis });
  });
  afterAll(async () => {
    await Promise.all([hubA?.close(), hubB?.close()]);
    const cleanup = new Redis(REDIS_URL);
    await cleanup.del(streamName);
    cleanup.disconnect();
  });

  it('disconnects the user’s connections on the other hub and makes it refuse the old token', async () => {
    const alice = uniqueId('alice');
    const token = await tokenFor(alice);
    const onB = subscriber(hubB.url, token);
    const states = new Collector<StateChange>();
    onB.onStateChange(states.push);
    await onB.subscribe(inbox({ userId: alice }), 'tick', () => {}).ready;
    await hubA.disconnectUser(alice);
    await waitFor(() => onB.state === 'disconnected', 5000, 'disconnected on hub B');
    const closed = states.items.find((change) => change.current === 'disconnected');
    expect(RealtimeError.isInstance(closed?.reason, 'UNAUTHORIZED')).toBe(true);
    await waitFor(
      async () =>
        (await subscriber(hubB.url, token)
          .subscribe(inbox({ userId: alice }), 'tick', () => {})
          .ready.then(
            () => false,
            (error: RealtimeError) => error.message.includes('revoked'),
          )) || undefined,
      5000,
      'hub B refuses the old token',
    );
  });
});
