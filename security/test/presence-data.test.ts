/**
 * Presence data is checked where it arrives. A client that skips the Switchboard SDK (the raw Ably
 * SDK, pusher-js with a channel_data some server signed, a raw socket.io-client, a direct call on the
 * memory hub) can put presence data on the wire that the channel's schema refuses or that is far too
 * large. A Switchboard subscriber never lists such a member or hands its data to the app: it drops it
 * and reports VALIDATION_FAILED or PAYLOAD_TOO_LARGE, while valid members stay listed. The profile the
 * server issued (`info`) is never replaced by what a client chose (`data`).
 */
import { createSubscriber, defineChannel, type PresenceEvent, type RealtimeError, type RealtimeSubscriber } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { type PusherChannelAuthorization, pusherChannelName } from '@switchboard/pusher';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { strictMemberName } from '@switchboard/testing/conformance';
import { signChannel } from '@switchboard/testing/pusher-emulator';
import Ably from 'ably';
import Pusher from 'pusher-js';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { room, unique } from './support/channels.js';
import { PUSHER_APP, startAbly, startPusher, startSocketIo } from './support/providers.js';
import { bearer } from './support/users.js';

/** The same channels as `room`, as the app's browser code declares them: a strict presence schema. */
const strictRoom = defineChannel(room.template, {
  access: 'presence',
  events: room.events,
  presence: strictMemberName,
  authorize: (user) => user.id.length > 0,
});

const HOSTILE = { name: '<img src=x onerror=alert(1)>', role: 'admin' };
const JUNK = { name: 'x'.repeat(60_000) };

const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A Switchboard watcher on `channel`, with the errors it reports and the events it hands the app. */
async function watch(subscriber: RealtimeSubscriber, channel: ReturnType<typeof room>) {
  const errors = new Collector<RealtimeError>();
  subscriber.onError(errors.push);
  const presence = subscriber.presence(channel);
  const events = new Collector<PresenceEvent>();
  presence.onChange(events.push);
  await presence.members();
  const refused = (userId: string) => errors.items.filter((error) => error.details?.userId === userId);
  return {
    presence,
    events,
    errors,
    refused,
    /** Waits for `userId`'s data to be refused with `code`; the member is then not listed and no event named it. */
    async expectRefused(userId: string, code: RealtimeError['code']) {
      await waitFor(() => refused(userId).some((error) => error.code === code), 10_000, `${userId} refused with ${code}`);
      expect((await presence.members()).map((member) => member.userId)).not.toContain(userId);
      expect(events.items.filter((event) => event.member.userId === userId && event.type !== 'leave')).toEqual([]);
      for (const event of events.items) expect(event.members.map((member) => member.userId)).not.toContain(userId);
    },
    /** Waits until `userId` is listed, and returns the member. */
    listed: (userId: string) =>
      waitFor(async () => (await presence.members()).find((member) => member.userId === userId), 10_000, `${userId} listed`),
  };
}

describe('ably: presence entered with the raw Ably SDK is checked by every Switchboard subscriber', () => {
  const suite = withAuthServer(startAbly);

  const watcher = (userId: string) => {
    const created = createSubscriber({ authEndpoint: suite.server.url, authHeaders: bearer(userId), presenceGraceMs: 100 });
    closers.push(() => created.close());
    return created;
  };

  /** The real Ably SDK with a token the endpoint issued to `userId`, attached to `channel`. */
  async function rawMember(userId: string, channel: string) {
    const tokenRequest = await suite.server
      .postJson(bearer(userId), { channels: [channel] })
      .then((response) => credentialOf<Ably.TokenRequest>(response));
    const client = new Ably.Realtime({
      endpoint: suite.backend.host.endpoint,
      port: suite.backend.host.port,
      tls: false,
      useBinaryProtocol: false,
      logLevel: 0,
      transports: ['web_socket'],
      authCallback: (_params, callback) => callback(null, tokenRequest),
    });
    closers.push(() => client.close());
    const attached = client.channels.get(channel);
    await attached.attach();
    return attached.presence;
  }

  it('HTML, extra fields and 60 KB of junk are dropped and reported; a valid raw member is listed', async () => {
    const [olga, mallory, junk, watcherId] = [unique('olga'), unique('mallory'), unique('junk'), unique('watcher')];
    const lobby = unique('lobby');
    const strict = await watch(watcher(watcherId), strictRoom({ room: lobby }));
    const lenient = await watch(watcher(unique('watcher')), room({ room: lobby }));
    await (await rawMember(olga, room({ room: lobby }).name)).enter({ name: 'Olga' });
    await (await rawMember(mallory, room({ room: lobby }).name)).enter(HOSTILE);
    // The service may refuse 60 KB itself (a plan's message limit); then nobody may see it either.
    const junkEntered = await (await rawMember(junk, room({ room: lobby }).name)).enter(JUNK).then(
      () => true,
      () => false,
    );
    expect((await strict.listed(olga)).data).toEqual({ name: 'Olga' });
    await strict.expectRefused(mallory, 'VALIDATION_FAILED');
    expect(strict.refused(mallory)[0]?.message).toMatch(/role/);
    if (junkEntered) {
      await strict.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
      await lenient.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
    }
    // A late watcher reads the initial member list through the same checks.
    const late = await watch(watcher(unique('late')), strictRoom({ room: lobby }));
    expect((await late.listed(olga)).data).toEqual({ name: 'Olga' });
    await late.expectRefused(mallory, 'VALIDATION_FAILED');
    if (junkEntered) await late.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
    expect((await lenient.presence.members()).map((member) => member.userId)).not.toContain(junk);
  });

  it('a valid member who updates to invalid data is no longer listed', async () => {
    const [olga, watcherId] = [unique('olga'), unique('watcher')];
    const lobby = room({ room: unique('lobby') });
    const watcherOf = await watch(watcher(watcherId), lobby);
    const member = await rawMember(olga, lobby.name);
    await member.enter({ name: 'Olga' });
    await watcherOf.listed(olga);
    await member.update('not an object');
    await waitFor(() => watcherOf.refused(olga).some((error) => error.code === 'VALIDATION_FAILED'), 10_000, 'the update refused');
    await waitFor(async () => (await watcherOf.presence.members()).length === 0, 10_000, 'olga no longer listed');
    expect(watcherOf.events.items.filter((event) => event.type === 'update')).toEqual([]);
  });
});

describe('pusher: a signed channel_data is still checked by every Switchboard subscriber', () => {
  const suite = withAuthServer(startPusher);

  const watcher = (userId: string) => {
    const created = createSubscriber({ authEndpoint: suite.server.url, authHeaders: bearer(userId), presenceGraceMs: 100 });
    closers.push(() => created.close());
    return created;
  };

  /** Raw pusher-js subscribed to `channel` with the credential `authorize` returns. */
  function rawMember(authorize: (socketId: string, channel: string) => Promise<PusherChannelAuthorization>, channel: string) {
    const client = new Pusher(PUSHER_APP.key, {
      ...suite.backend.emulator.clientOptions(),
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          authorize(socketId, channelName).then(
            (result) => callback(null, result),
            (error: Error) => callback(error, null),
          );
        },
      },
    } as ConstructorParameters<typeof Pusher>[1]);
    closers.push(() => client.disconnect());
    const subscribed = client.subscribe(channel);
    return new Promise<void>((resolve, reject) => {
      subscribed.bind('pusher:subscription_succeeded', () => resolve());
      subscribed.bind('pusher:subscription_error', (error: unknown) => reject(new Error(JSON.stringify(error))));
    });
  }

  /** A backend that signs whatever member it is given (an older endpoint, another service with the app secret). */
  const signing = (member: unknown) => async (socketId: string, channel: string) => {
    const channelData = JSON.stringify(member);
    return { auth: signChannel(PUSHER_APP.key, PUSHER_APP.secret, socketId, channel, channelData), channel_data: channelData };
  };
  /** The real endpoint, with the presence data the client chose. */
  const endpoint = (userId: string, data: unknown) => (socketId: string, channel: string) =>
    suite.server
      .postForm(bearer(userId), { socket_id: socketId, channel_name: channel, presence_data: JSON.stringify(data) })
      .then((response) => credentialOf<PusherChannelAuthorization>(response));

  it('hostile data, a profile that is not an object, and data in another layout are dropped and reported', async () => {
    const [olga, mallory, forger, legacy] = [unique('olga'), unique('mallory'), unique('forger'), unique('legacy')];
    const lobby = unique('lobby');
    const pusherName = pusherChannelName(room({ room: lobby }));
    const strict = await watch(watcher(unique('watcher')), strictRoom({ room: lobby }));
    const lenient = await watch(watcher(unique('watcher')), room({ room: lobby }));
    await rawMember(endpoint(olga, { name: 'Olga' }), pusherName);
    // The endpoint's schema (lenient here) lets it through; the subscriber's strict one refuses it.
    await rawMember(endpoint(mallory, HOSTILE), pusherName);
    await rawMember(signing({ user_id: forger, user_info: { info: 'root', data: { name: 'Forger' } } }), pusherName);
    await rawMember(signing({ user_id: legacy, user_info: '<b>junk</b>' }), pusherName);
    const member = await strict.listed(olga);
    expect(member).toEqual({ userId: olga, data: { name: 'Olga' }, info: { name: olga } });
    await strict.expectRefused(mallory, 'VALIDATION_FAILED');
    await lenient.expectRefused(forger, 'MALFORMED_MESSAGE');
    await lenient.expectRefused(legacy, 'VALIDATION_FAILED');
    expect((await lenient.listed(mallory)).data).toEqual(HOSTILE);
  });

  it('presence data shaped like a profile never replaces the profile the endpoint signed', async () => {
    const [mallory, watcherId] = [unique('mallory'), unique('watcher')];
    const lobby = room({ room: unique('lobby') });
    const watcherOf = await watch(watcher(watcherId), lobby);
    const impostor = createSubscriber({ authEndpoint: suite.server.url, authHeaders: bearer(mallory), presenceGraceMs: 100 });
    closers.push(() => impostor.close());
    await impostor.presence(lobby).enter({ name: 'Administrator', info: { name: 'Administrator' } } as { name: string });
    const member = await watcherOf.listed(mallory);
    expect(member.info).toEqual({ name: mallory });
    expect(member.data).toEqual({ name: 'Administrator', info: { name: 'Administrator' } });
  });
});

describe('socket.io: presence sent straight to the hub is checked by every Switchboard subscriber', () => {
  const suite = withAuthServer(startSocketIo);

  const watcher = (userId: string) => {
    const created = createSubscriber({ authEndpoint: suite.server.url, authHeaders: bearer(userId), presenceGraceMs: 100 });
    closers.push(() => created.close());
    return created;
  };

  /** A raw socket.io-client with the endpoint's hub token for `userId`, subscribed to `channel`. */
  async function rawMember(userId: string, channel: string): Promise<Socket> {
    const { token } = await suite.server.postJson(bearer(userId), {}).then((response) => credentialOf<{ token: string }>(response));
    const socket = io(suite.backend.hub.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    closers.push(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const reply = (await socket.timeout(8000).emitWithAck('switchboard:subscribe', { channel })) as { ok: boolean };
    expect(reply.ok).toBe(true);
    return socket;
  }
  const enter = (socket: Socket, channel: string, data: unknown) =>
    socket.timeout(8000).emitWithAck('switchboard:presence-enter', { channel, data }) as Promise<{ ok: boolean; code?: string }>;

  it('HTML, extra fields and 60 KB of junk are dropped and reported (or refused by the hub); a valid raw member is listed', async () => {
    const [olga, mallory, junk] = [unique('olga'), unique('mallory'), unique('junk')];
    const lobby = unique('lobby');
    const name = room({ room: lobby }).name;
    const strict = await watch(watcher(unique('watcher')), strictRoom({ room: lobby }));
    const lenient = await watch(watcher(unique('watcher')), room({ room: lobby }));
    expect((await enter(await rawMember(olga, name), name, { name: 'Olga' })).ok).toBe(true);
    expect((await enter(await rawMember(mallory, name), name, HOSTILE)).ok).toBe(true);
    const junkReply = await enter(await rawMember(junk, name), name, JUNK);
    expect(await strict.listed(olga)).toEqual({ userId: olga, data: { name: 'Olga' }, info: { name: olga } });
    await strict.expectRefused(mallory, 'VALIDATION_FAILED');
    if (junkReply.ok) {
      await strict.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
      await lenient.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
    } else {
      // A hub with a presence size limit refuses it before anyone sees it.
      expect(junkReply.code).toBe('PAYLOAD_TOO_LARGE');
      await quietPeriod(200);
      expect((await lenient.presence.members()).map((member) => member.userId)).not.toContain(junk);
    }
    expect((await lenient.listed(mallory)).data).toEqual(HOSTILE);
  });
});

describe('memory: presence put on the hub directly is checked by every Switchboard subscriber', () => {
  it('hostile and oversized data are dropped and reported; the valid member and the server profile are kept', async () => {
    const hub = new MemoryHub();
    const [olga, mallory, junk] = [unique('olga'), unique('mallory'), unique('junk')];
    const lobby = unique('lobby');
    const subscriber = createSubscriber({ provider: 'memory', hub, user: { id: unique('watcher') }, presenceGraceMs: 50 });
    closers.push(() => subscriber.close());
    const strict = await watch(subscriber, strictRoom({ room: lobby }));
    const raw = async (userId: string, data: unknown) => {
      const connection = hub.connect({ id: userId, info: { name: userId } }, () => {});
      closers.push(() => hub.disconnect(connection));
      const sink = { message() {}, gap() {}, presence() {}, error() {} };
      await hub.attach(connection, room({ room: lobby }), sink);
      hub.enterPresence(connection, room({ room: lobby }), data, 'enter');
    };
    await raw(olga, { name: 'Olga' });
    await raw(mallory, HOSTILE);
    await raw(junk, JUNK);
    expect(await strict.listed(olga)).toEqual({ userId: olga, data: { name: 'Olga' }, info: { name: olga } });
    await strict.expectRefused(mallory, 'VALIDATION_FAILED');
    await strict.expectRefused(junk, 'PAYLOAD_TOO_LARGE');
  });
});
