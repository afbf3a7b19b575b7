/**
 * Pusher: a subscriber's credential cannot publish. A raw pusher-js client holding a valid channel
 * credential can neither send server events nor client events on channels it was not authorised
 * for, client events never reach Switchboard handlers, and the HTTP API refuses anything not signed
 * with the app secret.
 */
import type { RealtimeSubscriber } from '@switchboard/core';
import { type PusherChannelAuthorization, pusherChannelName } from '@switchboard/pusher';
import { pusherSubscriber } from '@switchboard/pusher/subscriber';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import PusherServer from 'pusher';
import Pusher from 'pusher-js';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { PUSHER_APP, startPusher } from './support/providers.js';
import { bearer } from './support/users.js';

const suite = withAuthServer(startPusher);
const closers: Array<() => unknown> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const endpoint = (userId: string, fields: Record<string, string>) =>
  suite.server.postForm(bearer(userId), fields).then((response) => credentialOf<PusherChannelAuthorization>(response));

/** The real pusher-js, authorised by the real endpoint as `userId`, with every frame it receives. */
function rawClient(userId: string) {
  const client = new Pusher(PUSHER_APP.key, {
    ...suite.backend.emulator.clientOptions(),
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        endpoint(userId, { socket_id: socketId, channel_name: channelName }).then(
          (result) => callback(null, result),
          (error: Error) => callback(error, null),
        );
      },
    },
  } as ConstructorParameters<typeof Pusher>[1]);
  const frames = new Collector<{ event: string; channel?: string; data: unknown }>();
  client.bind_global((event: string, data: unknown) => frames.push({ event, data }));
  closers.push(() => client.disconnect());
  const subscribed = (channelName: string) =>
    new Promise<void>((resolve, reject) => {
      const channel = client.subscribe(channelName);
      channel.bind('pusher:subscription_succeeded', () => resolve());
      channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(JSON.stringify(error))));
    });
  return { client, frames, subscribed };
}

/** A Switchboard subscriber as `userId`, authorised by the endpoint. */
function subscriber(userId: string): RealtimeSubscriber {
  const created = pusherSubscriber({
    key: PUSHER_APP.key,
    wsHost: suite.backend.emulator.host,
    wsPort: suite.backend.emulator.port,
    forceTLS: false,
    authorize: (request) => endpoint(userId, request.body),
  });
  closers.push(() => created.close());
  return created;
}

const forgedEnvelope = { id: 'forged-1', event: 'note', data: { text: 'forged', n: 666 }, ts: Date.now(), seq: 1 };

describe('pusher: a subscriber credential cannot publish', () => {
  it('a server event name sent by a client is not relayed; the server’s own publish is (control)', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const lobby = room({ room: unique('lobby') });
    const lobbyName = pusherChannelName(lobby);
    const attacker = rawClient(alice);
    await attacker.subscribed(lobbyName);
    const observer = rawClient(bob);
    await observer.subscribed(lobbyName);
    const received = new Collector<{ n: number }>();
    await subscriber(bob).subscribe(lobby, 'note', received.push).ready;
    attacker.client.send_event('note', forgedEnvelope, lobbyName);
    await suite.backend.publisher.publish(lobby, 'note', { text: 'real', n: 1 });
    await received.toHave(1);
    await waitFor(() => observer.frames.items.some((frame) => frame.event === 'note'), 10_000, 'the real publish at the observer');
    await quietPeriod(300);
    expect(received.items).toEqual([{ text: 'real', n: 1 }]);
    expect(observer.frames.items.filter((frame) => frame.event === 'note')).toHaveLength(1);
  });

  it('a client event on a channel the client is authorised for reaches raw clients but never Switchboard handlers', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const lobby = room({ room: unique('lobby') });
    const lobbyName = pusherChannelName(lobby);
    const attacker = rawClient(alice);
    await attacker.subscribed(lobbyName);
    const observer = rawClient(bob);
    await observer.subscribed(lobbyName);
    const received = new Collector<unknown>();
    const errors = new Collector<unknown>();
    const bobSubscriber = subscriber(bob);
    bobSubscriber.onError(errors.push);
    await bobSubscriber.subscribe(lobby, 'note', received.push).ready;
    attacker.client.send_event('client-note', forgedEnvelope, lobbyName);
    await waitFor(() => observer.frames.items.some((frame) => frame.event === 'client-note'), 10_000, 'the relayed client event');
    await quietPeriod(300);
    expect(received.items).toEqual([]);
    expect(errors.items).toEqual([]);
  });

  it('a client event on a channel the client was not authorised for is refused and reaches nobody', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const victimName = pusherChannelName(inbox({ userId: bob }));
    const attacker = rawClient(alice);
    await attacker.subscribed(pusherChannelName(inbox({ userId: alice })));
    const observer = rawClient(bob);
    await observer.subscribed(victimName);
    attacker.client.send_event('client-note', forgedEnvelope, victimName);
    const error = await waitFor(() => attacker.frames.items.find((frame) => frame.event === 'pusher:error'), 10_000, 'pusher:error');
    expect(JSON.stringify(error.data)).toContain('not subscribed');
    await quietPeriod(300);
    expect(observer.frames.items.filter((frame) => frame.event.startsWith('client-'))).toEqual([]);
  });

  it('the HTTP API refuses a publish signed with anything but the app secret', async () => {
    const bob = unique('bob');
    const received = new Collector<unknown>();
    await subscriber(bob).subscribe(inbox({ userId: bob }), 'note', received.push).ready;
    const stolen = await endpoint(bob, { socket_id: '1234.5678', channel_name: pusherChannelName(inbox({ userId: bob })) });
    for (const secret of [stolen.auth, stolen.auth.split(':')[1] as string, 'guessed-secret']) {
      const client = new PusherServer({
        ...PUSHER_APP,
        secret,
        host: suite.backend.emulator.host,
        port: String(suite.backend.emulator.port),
        useTLS: false,
      });
      const error = await client
        .trigger(pusherChannelName(inbox({ userId: bob })), 'note', forgedEnvelope)
        .catch((caught: unknown) => caught);
      expect((error as { status?: number }).status).toBe(401);
    }
    await quietPeriod(300);
    expect(received.items).toEqual([]);
  });
});
