/**
 * Client events (whispers) under attack, on each provider, through the real auth endpoint: a raw
 * client — the vendor SDK without Switchboard's `whisper` checks — whispers on a channel it may not
 * join, on a public channel, with an undeclared name, with a forged sender, and floods. The server
 * side (the hub, Pusher, Ably's capabilities) refuses what it can with a clear code; Switchboard
 * receivers refuse the rest and never take the sender from the data.
 */
import { ablySubscriber } from '@switchboard/ably/client-events';
import { listenForWhisper, type RealtimeError, type RealtimeSubscriber, type WhisperMeta } from '@switchboard/core';
import { type PusherChannelAuthorization, pusherChannelName } from '@switchboard/pusher';
import { pusherSubscriber } from '@switchboard/pusher/client-events';
import { socketIoSubscriber } from '@switchboard/socket-io/client-events';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import Ably from 'ably';
import Pusher from 'pusher-js';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { desk, huddle, lobby, unique } from './support/channels.js';
import { PUSHER_APP, startAbly, startPusher, startSocketIo } from './support/providers.js';
import { bearer } from './support/users.js';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Typed = [{ name: string }, WhisperMeta<'typing'>];

/** A Switchboard receiver listening for `typing` on `channel`, with what it refused. */
async function receiver(subscriber: RealtimeSubscriber, channel: ReturnType<typeof huddle> | ReturnType<typeof desk>) {
  closers.push(() => subscriber.close());
  const typed = new Collector<Typed>();
  const refused = new Collector<RealtimeError>();
  await listenForWhisper(subscriber, channel, 'typing', (data, meta) => typed.push([data, meta]), { onError: refused.push }).ready;
  return { typed, refused };
}

describe('socket-io hub: client events are checked before they are relayed', () => {
  const suite = withAuthServer(startSocketIo);
  const hubToken = (userId: string) =>
    suite.server.postJson(bearer(userId), {}).then((response) => credentialOf<{ token: string }>(response).then((body) => body.token));
  const subscriber = (userId: string) =>
    socketIoSubscriber({ url: suite.backend.hub.url, token: () => hubToken(userId), reconnectionDelayMs: 50 });

  /** A raw socket.io-client connection with the endpoint's token for `userId`, bypassing `whisper`. */
  async function rawSocket(userId: string): Promise<Socket> {
    const socket = io(suite.backend.hub.url, { auth: { token: await hubToken(userId) }, transports: ['websocket'], forceNew: true });
    closers.push(() => socket.disconnect());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  }
  type Reply = { ok: boolean; code?: string; limit?: string; retryAfterMs?: number };
  const emit = (socket: Socket, event: string, payload: unknown) => socket.timeout(8000).emitWithAck(event, payload) as Promise<Reply>;
  const whisperRaw = (socket: Socket, payload: unknown) => emit(socket, 'switchboard:client-event', payload);

  it('refuses a client event on a channel the sender is not subscribed to, or may not join (FORBIDDEN)', async () => {
    const [alice, mallory] = [unique('alice'), unique('mallory')];
    const victim = desk({ userId: alice });
    const { typed } = await receiver(subscriber(alice), victim);
    const attacker = await rawSocket(mallory);
    expect(await whisperRaw(attacker, { channel: victim.name, event: 'typing', data: { name: 'x' } })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emit(attacker, 'switchboard:subscribe', { channel: victim.name })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await whisperRaw(attacker, { channel: victim.name, event: 'typing', data: { name: 'x' } })).toMatchObject({ code: 'FORBIDDEN' });
    await quietPeriod(150);
    expect(typed.items).toEqual([]);
  });

  it('refuses one on a public channel (FORBIDDEN), an undeclared name (INVALID_EVENT) and invalid data (VALIDATION_FAILED)', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const channel = huddle({ room: unique('huddle') });
    const { typed } = await receiver(subscriber(bob), channel);
    const attacker = await rawSocket(alice);
    const open = lobby({ room: unique('lobby') });
    expect(await emit(attacker, 'switchboard:subscribe', { channel: open.name })).toMatchObject({ ok: true });
    expect(await whisperRaw(attacker, { channel: open.name, event: 'typing', data: { name: 'x' } })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await emit(attacker, 'switchboard:subscribe', { channel: channel.name })).toMatchObject({ ok: true });
    expect(await whisperRaw(attacker, { channel: channel.name, event: 'note', data: { text: 'x', n: 1 } })).toMatchObject({
      code: 'INVALID_EVENT',
    });
    expect(await whisperRaw(attacker, { channel: channel.name, event: 'typing', data: { name: 42 } })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await quietPeriod(150);
    expect(typed.items).toEqual([]);
  });

  it('relays with the sender’s verified id, whatever the request claims, and refuses a flood past 10/s (RATE_LIMITED)', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const channel = huddle({ room: unique('huddle') });
    const { typed } = await receiver(subscriber(bob), channel);
    const attacker = await rawSocket(alice);
    await emit(attacker, 'switchboard:subscribe', { channel: channel.name });
    const forged = { channel: channel.name, event: 'typing', data: { name: 'Bob', userId: bob }, userId: bob, user: { id: bob } };
    expect(await whisperRaw(attacker, forged)).toMatchObject({ ok: true });
    const [first] = await typed.toHave(1);
    expect(first?.[1].userId).toBe(alice);
    const replies = await Promise.all(Array.from({ length: 14 }, () => whisperRaw(attacker, { ...forged, data: { name: 'flood' } })));
    const limited = replies.filter((reply) => !reply.ok);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const reply of limited) expect(reply).toMatchObject({ code: 'RATE_LIMITED', limit: 'clientEventsPerSecond' });
    await quietPeriod(150);
    expect(typed.items.length).toBeLessThanOrEqual(10);
    expect(typed.items.every(([, received]) => received.userId === alice)).toBe(true);
  });
});

describe('pusher: Pusher enforces membership and rate; receivers the names and the sender', () => {
  const suite = withAuthServer(startPusher);
  const endpoint = (userId: string, fields: Record<string, string>) =>
    suite.server.postForm(bearer(userId), fields).then((response) => credentialOf<PusherChannelAuthorization>(response));
  const subscriber = (userId: string) =>
    pusherSubscriber({
      key: PUSHER_APP.key,
      wsHost: suite.backend.emulator.host,
      wsPort: suite.backend.emulator.port,
      forceTLS: false,
      authorize: (request) => endpoint(userId, request.body),
    });

  /** The real pusher-js authorised by the real endpoint as `userId` (a presence member), bypassing `whisper`. */
  async function rawClient(userId: string, channelName: string) {
    const client = new Pusher(PUSHER_APP.key, {
      ...suite.backend.emulator.clientOptions(),
      channelAuthorization: {
        customHandler: ({ socketId, channelName: name }, callback) => {
          endpoint(userId, { socket_id: socketId, channel_name: name }).then(
            (result) => callback(null, result),
            (error: Error) => callback(error, null),
          );
        },
      },
    } as ConstructorParameters<typeof Pusher>[1]);
    closers.push(() => client.disconnect());
    const errors = new Collector<{ code: number | null; message: string }>();
    client.connection.bind('error', (error: { data?: { code: number | null; message: string } }) => error.data && errors.push(error.data));
    const channel = client.subscribe(channelName);
    await new Promise<void>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', () => resolve());
      channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(JSON.stringify(error))));
    });
    return { channel, errors };
  }

  it('takes the sender from Pusher’s user_id, never from the data, and refuses undeclared names at receivers', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const channel = huddle({ room: unique('huddle') });
    const { typed, refused } = await receiver(subscriber(bob), channel);
    const attacker = await rawClient(alice, pusherChannelName(channel));
    attacker.channel.trigger('client-typing', { name: 'Bob', userId: bob, user_id: bob });
    attacker.channel.trigger('client-note', { text: 'not a client event', n: 1 });
    attacker.channel.trigger('client-typing', { name: 7 });
    const [first] = await typed.toHave(1);
    expect(first?.[0].name).toBe('Bob');
    expect(first?.[1].userId).toBe(alice);
    const codes = (await refused.toHave(2)).map((error) => error.code).sort();
    expect(codes).toEqual(['INVALID_EVENT', 'VALIDATION_FAILED']);
  });

  it('refuses a flood past 10 per second with Pusher’s 4301; receivers hand on at most 10', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const channel = huddle({ room: unique('huddle') });
    const { typed } = await receiver(subscriber(bob), channel);
    const attacker = await rawClient(alice, pusherChannelName(channel));
    for (let index = 0; index < 15; index++) attacker.channel.trigger('client-typing', { name: `flood ${index}` });
    const limited = await waitFor(() => attacker.errors.items.find((error) => error.code === 4301), 5000, 'error 4301');
    expect(limited.message).toMatch(/too many/i);
    await quietPeriod(150);
    expect(typed.items.length).toBeLessThanOrEqual(10);
  });
});

describe('ably: only the client-event channel is publishable, only by admitted members', () => {
  const suite = withAuthServer(startAbly);
  const tokenRequestFor = (userId: string, channels: string[]) =>
    suite.server.postJson(bearer(userId), { channels }).then((response) => credentialOf<unknown>(response));
  const subscriber = (userId: string) =>
    ablySubscriber({ ...suite.backend.host, authCallback: (channels) => tokenRequestFor(userId, channels) });

  /** The real Ably SDK with the endpoint's token for `userId` and `channels`, bypassing `whisper`. */
  function rawClient(userId: string, channels: string[]) {
    const client = new Ably.Realtime({
      ...suite.backend.host,
      useBinaryProtocol: false,
      logLevel: 0,
      transports: ['web_socket'],
      authCallback: (_params, callback) => {
        tokenRequestFor(userId, channels).then(
          (request) => callback(null, request as Ably.TokenRequest),
          (error: Error) => callback(error.message, null),
        );
      },
    });
    closers.push(() => client.close());
    return client;
  }
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: { code?: number }) => error?.code ?? -1,
    );

  it('refuses a publish on another user’s client-event channel and on the server’s channel (40160)', async () => {
    const [alice, mallory] = [unique('alice'), unique('mallory')];
    const victim = desk({ userId: alice });
    const { typed } = await receiver(subscriber(alice), victim);
    const own = desk({ userId: mallory });
    const attacker = rawClient(mallory, [own.name]);
    expect(await codeOf(attacker.channels.get(`${victim.name}#client-events`).publish('typing', { name: 'x' }))).toBe(40160);
    // Its own channel: publish only where whispers travel, never where the server's messages do.
    expect(await codeOf(attacker.channels.get(own.name).publish('typing', { name: 'x' }))).toBe(40160);
    expect(await codeOf(attacker.channels.get(`${own.name}#client-events`).publish('typing', { name: 'x' }))).toBeUndefined();
    // The endpoint refuses a token naming the victim's channel at all.
    const refused = await tokenRequestFor(mallory, [victim.name]).catch((error: RealtimeError) => error);
    expect((refused as RealtimeError).details?.status).toBe(403);
    await quietPeriod(150);
    expect(typed.items).toEqual([]);
  });

  it('receivers take the sender from Ably’s clientId (a forged one is refused), drop undeclared names and floods', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const channel = huddle({ room: unique('huddle') });
    const { typed, refused } = await receiver(subscriber(bob), channel);
    const whispers = rawClient(alice, [channel.name]).channels.get(`${channel.name}#client-events`);
    expect(await codeOf(whispers.publish({ name: 'typing', data: { name: 'Bob' }, clientId: bob }))).toBe(40012);
    await whispers.publish('typing', { name: 'Bob', userId: bob, clientId: bob });
    const [first] = await typed.toHave(1);
    expect(first?.[0].name).toBe('Bob');
    expect(first?.[1].userId).toBe(alice);
    await whispers.publish('note', { text: 'not a client event', n: 1 });
    await waitFor(() => refused.items.some((error) => error.code === 'INVALID_EVENT'), 5000, 'INVALID_EVENT at the receiver');
    // Ably cannot limit which names or how many: receivers hold each sender to 10 per second.
    await Promise.all(Array.from({ length: 15 }, (_, index) => whispers.publish('typing', { name: `flood ${index}` })));
    await waitFor(() => refused.items.some((error) => error.code === 'RATE_LIMITED'), 5000, 'RATE_LIMITED at the receiver');
    await quietPeriod(150);
    expect(typed.items.length).toBeLessThanOrEqual(10);
  });
});
