import type { MessageMeta, PresenceEvent } from '@switchboard/core';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Hub, socketIoPublisher } from '../src/index.js';
import { startBalancer } from './balancer.js';
import { lobby, room, testChannels, uniqueId } from './catalog.js';
import { REDIS_URL, redisAvailable, SECRET, startHub, subscriberFor } from './helpers.js';

const available = await redisAvailable();

describe.skipIf(!available)('scale-out over Redis (two hubs)', () => {
  const streamName = uniqueId('switchboard-test-stream-');
  const relayKey = uniqueId('switchboard-test-relay-');
  let hubA: Hub;
  let hubB: Hub;

  beforeAll(async () => {
    const redis = { url: REDIS_URL, streamName, relayKey };
    hubA = await startHub(testChannels, { redis });
    hubB = await startHub(testChannels, { redis });
  });

  afterAll(async () => {
    await Promise.all([hubA?.close(), hubB?.close()]);
    const cleanup = new Redis(REDIS_URL);
    await cleanup.del(streamName);
    cleanup.disconnect();
  });

  it('delivers what hub B and a Redis worker publish to a subscriber on hub A, exactly once', async () => {
    const channel = room({ roomId: uniqueId('cross') });
    const onA = subscriberFor(hubA.url, undefined);
    const received = new Collector<number>();
    await onA.subscribe(channel, 'tick', (data) => received.push(data.n)).ready;
    const fromB = socketIoPublisher({ hub: hubB });
    const worker = socketIoPublisher({ redisUrl: REDIS_URL, relayKey });
    await fromB.publish(channel, 'tick', { n: 1 });
    await worker.publish(channel, 'tick', { n: 2 });
    await fromB.publish(channel, 'tick', { n: 3 });
    await received.toHave(3, 10_000);
    await quietPeriod(300);
    expect([...received.items].sort()).toEqual([1, 2, 3]);
    expect(await worker.health()).toMatchObject({ status: 'healthy' });
    await Promise.all([worker.close(), fromB.close(), onA.close()]);
  });

  it('excludes one connection across hubs, from the hub and from a worker', async () => {
    const channel = room({ roomId: uniqueId('exclude') });
    const sender = subscriberFor(hubA.url, undefined);
    const other = subscriberFor(hubB.url, undefined);
    const atSender = new Collector<number>();
    const atOther = new Collector<number>();
    await sender.subscribe(channel, 'tick', (data) => atSender.push(data.n)).ready;
    await other.subscribe(channel, 'tick', (data) => atOther.push(data.n)).ready;
    const senderId = await waitFor(() => sender.connectionId);
    const worker = socketIoPublisher({ redisUrl: REDIS_URL, relayKey });
    await socketIoPublisher({ hub: hubB }).publish(channel, 'tick', { n: 1 }, { excludeConnectionId: senderId });
    await worker.publish(channel, 'tick', { n: 2 }, { excludeConnectionId: senderId });
    await socketIoPublisher({ hub: hubB }).publish(channel, 'tick', { n: 3 });
    await atOther.toHave(3, 10_000);
    await atSender.toHave(1, 10_000);
    await quietPeriod(300);
    expect(atSender.items).toEqual([3]);
    await Promise.all([worker.close(), sender.close(), other.close()]);
  });

  it('excludes every connection of one user across hubs, from the hub and from a worker', async () => {
    const channel = room({ roomId: uniqueId('exclude-user') });
    const aliceId = uniqueId('alice');
    const laptop = subscriberFor(hubA.url, { id: aliceId });
    const phone = subscriberFor(hubB.url, { id: aliceId });
    const bob = subscriberFor(hubA.url, { id: uniqueId('bob') });
    const [atLaptop, atPhone, atBob] = [new Collector<number>(), new Collector<number>(), new Collector<number>()];
    await laptop.subscribe(channel, 'tick', (data) => atLaptop.push(data.n)).ready;
    await phone.subscribe(channel, 'tick', (data) => atPhone.push(data.n)).ready;
    await bob.subscribe(channel, 'tick', (data) => atBob.push(data.n)).ready;
    const worker = socketIoPublisher({ redisUrl: REDIS_URL, relayKey });
    const fromB = socketIoPublisher({ hub: hubB });
    await fromB.publish(channel, 'tick', { n: 1 }, { excludeUserId: aliceId });
    await worker.publish(channel, 'tick', { n: 2 }, { excludeUserId: aliceId });
    await fromB.publish(channel, 'tick', { n: 3 });
    await atBob.toHave(3, 10_000);
    await atLaptop.toHave(1, 10_000);
    await atPhone.toHave(1, 10_000);
    await quietPeriod(300);
    expect([atLaptop.items, atPhone.items]).toEqual([[3], [3]]);
    await Promise.all([worker.close(), fromB.close(), laptop.close(), phone.close(), bob.close()]);
  });

  it('shows the same presence from either hub', async () => {
    const channel = lobby({ roomId: uniqueId('presence') });
    const alice = subscriberFor(hubA.url, { id: uniqueId('alice') }, { presenceGraceMs: 100 });
    const bob = subscriberFor(hubB.url, { id: uniqueId('bob') }, { presenceGraceMs: 100 });
    await alice.presence(channel).enter({});
    await bob.presence(channel).enter({});
    const ids = (members: { userId: string }[]) => members.map((member) => member.userId).sort();
    await waitFor(async () => (await hubA.presenceMembers(channel.name)).length === 2, 10_000, 'hub A to see both');
    expect(ids(await hubA.presenceMembers(channel.name))).toEqual(ids(await hubB.presenceMembers(channel.name)));
    const overHttp = socketIoPublisher({ url: hubA.url, secret: SECRET });
    expect((await overHttp.presence(channel).members()).length).toBe(2);
    await waitFor(async () => (await alice.presence(channel).members()).length === 2, 10_000, 'alice to see bob');
    await bob.close();
    await waitFor(async () => (await alice.presence(channel).members()).length === 1, 10_000, 'alice to see bob leave');
    await waitFor(async () => (await hubA.presenceMembers(channel.name)).length === 1, 10_000, 'hub A to see bob leave');
    expect(ids(await hubB.presenceMembers(channel.name))).toEqual(ids(await hubA.presenceMembers(channel.name)));
    await Promise.all([overHttp.close(), alice.close()]);
  });

  it('recovers a client on the other hub: missed messages, same connection id, presence without a leave', async () => {
    // Hubs of their own whose presence grace outlasts the move: the leave this test rules out is the
    // one a hub sends when a connection stays away longer than the grace, which a slow machine can
    // make happen with the suite's 100 ms.
    const redis = { url: REDIS_URL, streamName: uniqueId('switchboard-test-move-'), relayKey: uniqueId('switchboard-test-move-relay-') };
    const [oldHub, newHub] = await Promise.all([
      startHub(testChannels, { redis, presenceGraceMs: 60_000 }),
      startHub(testChannels, { redis, presenceGraceMs: 60_000 }),
    ]);
    onTestFinished(async () => {
      await Promise.all([oldHub.close(), newHub.close()]);
      const cleanup = new Redis(REDIS_URL);
      await cleanup.del(redis.streamName);
      cleanup.disconnect();
    });
    // The load balancer sends the client to the old hub, refuses it while the messages it must
    // recover are published, then sends it to the new hub.
    const balancer = await startBalancer(oldHub);
    onTestFinished(() => balancer.close());

    const channel = room({ roomId: uniqueId('move') });
    const presenceChannel = lobby({ roomId: uniqueId('move') });
    const userId = uniqueId('mover');
    const moving = subscriberFor(balancer.url, { id: userId }, { presenceGraceMs: 100 });
    const watcher = subscriberFor(newHub.url, { id: uniqueId('watcher') }, { presenceGraceMs: 100 });
    const presenceEvents = new Collector<PresenceEvent>();
    watcher.presence(presenceChannel).onChange(presenceEvents.push);
    onTestFinished(() => Promise.all([moving.close(), watcher.close()]).then(() => {}));
    const received = new Collector<[number, MessageMeta]>();
    await moving.subscribe(channel, 'tick', (data, meta) => received.push([data.n, meta])).ready;
    await moving.presence(presenceChannel).enter({});
    await waitFor(() => presenceEvents.items.some((event) => event.type === 'join' && event.member.userId === userId), 10_000);
    const publisher = socketIoPublisher({ hub: newHub });
    onTestFinished(() => publisher.close());
    await publisher.publish(channel, 'tick', { n: 0 });
    await received.toHave(1, 10_000);
    const connectionId = moving.connectionId;

    // The outage: without the refusal, the client could reach the new hub before messages 1 to 3 are
    // published and receive them live instead of recovered.
    balancer.route(undefined);
    await oldHub.dropConnections();
    await waitFor(() => moving.state !== 'connected');
    for (let n = 1; n <= 3; n++) await publisher.publish(channel, 'tick', { n });
    balancer.route(newHub);
    await waitFor(() => moving.state === 'connected', 10_000);
    await publisher.publish(channel, 'tick', { n: 4 });
    await received.toHave(5, 10_000);
    await quietPeriod(500);
    expect(received.items.map(([n]) => n)).toEqual([0, 1, 2, 3, 4]);
    expect(received.items.map(([, meta]) => meta.recovered)).toEqual([false, true, true, true, false]);
    expect(moving.connectionId).toBe(connectionId);
    // The old hub forgets the connection when the new hub takes it over; until then it still holds it in its grace.
    const moved = async () => (await oldHub.presenceMembers(presenceChannel.name)).filter((member) => member.userId === userId);
    await waitFor(async () => (await moved()).length === 1, 10_000, 'the old hub to forget the connection the new hub took over');
    expect(await moved()).toEqual([expect.objectContaining({ connectionId })]);
    expect(presenceEvents.items.filter((event) => event.type === 'leave')).toEqual([]);
  });

  it('recovers missed messages through the Redis stream', async () => {
    const channel = room({ roomId: uniqueId('recover') });
    // Hub A stays out of reach until messages 1 to 3 are published, however slow the machine.
    const balancer = await startBalancer(hubA);
    onTestFinished(() => balancer.close());
    const subscriber = subscriberFor(balancer.url, undefined);
    const received = new Collector<[number, MessageMeta]>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n, meta])).ready;
    const fromB = socketIoPublisher({ hub: hubB });
    await fromB.publish(channel, 'tick', { n: 0 });
    await received.toHave(1, 10_000);
    balancer.route(undefined);
    await hubA.dropConnections();
    await waitFor(() => subscriber.state !== 'connected');
    for (let n = 1; n <= 3; n++) await fromB.publish(channel, 'tick', { n });
    balancer.route(hubA);
    await waitFor(() => subscriber.state === 'connected', 10_000);
    await fromB.publish(channel, 'tick', { n: 4 });
    await received.toHave(5, 10_000);
    await quietPeriod(300);
    expect(received.items.map(([n]) => n)).toEqual([0, 1, 2, 3, 4]);
    expect(received.items.map(([, meta]) => meta.recovered)).toEqual([false, true, true, true, false]);
    expect(await hubA.health()).toMatchObject({ status: 'healthy', details: { redis: 'ready' } });
    await Promise.all([fromB.close(), subscriber.close()]);
  });
});
