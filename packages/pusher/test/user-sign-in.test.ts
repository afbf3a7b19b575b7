/**
 * User streams on Pusher's native user sign-in, with the real pusher-js and pusher SDKs against the
 * emulator: `publishToUser` is `sendToUser` to `#server-to-user-{id}`, `subscribeUser` signs the
 * page in through the auth endpoint, and no one signed in as another user receives a thing.
 */
import { type GapInfo, RealtimeError, subscribeUser } from '@switchboard/core';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { conformanceUserEvents, publicRoom } from '@switchboard/testing/conformance';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import Pusher from 'pusher-js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pusherPublisher } from '../src/index.js';
import { pusherSubscriber } from '../src/subscriber/index.js';
import { type AuthEndpointServer, startAuthEndpoint } from './auth-endpoint-server.js';

const imported = vi.hoisted(() => ({ signIn: 0 }));
// Not a stand-in: the real module, counted when the transport imports it (FIRST_USE in bench/bundle).
vi.mock('../src/subscriber/user-sign-in.js', async (original) => {
  imported.signIn += 1;
  return original();
});

const KEY = 'sign-in-key';
const SECRET = 'sign-in-secret';

describe('user streams on Pusher user sign-in (sendToUser, #server-to-user-{id})', () => {
  let emulator: PusherEmulator;
  let server: AuthEndpointServer;
  let endpoint: string;
  const open: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: '1', key: KEY, secret: SECRET });
    // The user is the x-user header; 403 with the reason, or 401 without a user.
    server = await startAuthEndpoint({
      key: KEY,
      secret: SECRET,
      channels: [conformanceUserEvents],
      path: '/api/realtime',
      requireUser: true,
    });
    endpoint = server.url;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });

  const subscriberAs = (userId?: string) => {
    const subscriber = pusherSubscriber({
      key: KEY,
      wsHost: emulator.host,
      wsPort: emulator.port,
      forceTLS: false,
      authEndpoint: endpoint,
      authHeaders: () => (userId ? { 'x-user': userId } : ({} as Record<string, string>)),
    });
    open.push(subscriber);
    return subscriber;
  };
  const publisherWith = (userStreams?: 'sign-in' | 'private-channel' | 'both') => {
    const publisher = pusherPublisher({ ...emulator.serverOptions(), ...(userStreams ? { userStreams } : {}) });
    open.push(publisher);
    return publisher;
  };
  const eventCalls = () => emulator.requests().filter((request) => request.path.endsWith('/events')).length;

  it('publishToUser is sendToUser: every device signed in as the user receives it, another user nothing', async () => {
    // A page on other channels only never loads the sign-in code; the first user stream does.
    await subscriberAs('alice').subscribe(publicRoom({ room: 'lobby' }), 'note', () => {}).ready;
    expect(imported.signIn).toBe(0);
    const [laptop, phone, bob] = [new Collector<number>(), new Collector<number>(), new Collector<number>()];
    await subscribeUser(subscriberAs('alice'), conformanceUserEvents({ userId: 'alice' }), 'note', (data) => laptop.push(data.n)).ready;
    await subscribeUser(subscriberAs('alice'), conformanceUserEvents({ userId: 'alice' }), 'note', (data) => phone.push(data.n)).ready;
    await subscribeUser(subscriberAs('bob'), conformanceUserEvents({ userId: 'bob' }), 'note', (data) => bob.push(data.n)).ready;
    // The subscriber signed in (socket_id alone, or with the stream's #server-to-user-{id}); it asked for no private channel.
    expect(imported.signIn).toBe(1);
    expect(server.seen.some(({ fields }) => fields.channel_name === '#server-to-user-alice')).toBe(true);
    expect(server.seen.some(({ fields }) => fields.channel_name?.startsWith('private-'))).toBe(false);

    const before = eventCalls();
    await publisherWith().publishToUser(conformanceUserEvents, 'alice', 'note', { text: 'for alice', n: 1 });
    await laptop.toHave(1);
    await phone.toHave(1);
    await quietPeriod(200);
    expect(bob.items).toEqual([]);
    // One sendToUser call; the only way in is #server-to-user-alice, as no page holds a private user channel.
    expect(eventCalls()).toBe(before + 1);
    expect(emulator.channelNames().some((name) => name.startsWith('private-switchboard-user'))).toBe(false);
    expect(emulator.channelNames()).toEqual(expect.arrayContaining(['#server-to-user-alice', '#server-to-user-bob']));
  });

  it('security: signed in as mallory, alice’s sendToUser never arrives — the endpoint refuses her stream, Pusher her channel', async () => {
    // Through Switchboard: the endpoint refuses to sign mallory in for alice's stream.
    const refused = await subscribeUser(subscriberAs('mallory'), conformanceUserEvents({ userId: 'alice' }), 'note', () => {}).ready.catch(
      (error: unknown) => error,
    );
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect((refused as RealtimeError).message).toBe(
      'Subscription to "switchboard-user:alice" refused: only user alice may listen to their user stream',
    );
    // Bypassing Switchboard with a raw pusher-js: sign in as herself, then ask Pusher for alice's channel.
    const raw = new Pusher(KEY, {
      ...emulator.clientOptions(),
      userAuthentication: { endpoint, transport: 'ajax', headers: { 'x-user': 'mallory' } },
    });
    open.push({ close: () => raw.disconnect() });
    const frames: Array<{ event: string; channel?: string }> = [];
    raw.connection.bind('message', (frame: { event: string; channel?: string }) => frames.push(frame));
    raw.signin();
    await waitFor(() => frames.some((frame) => frame.event === 'pusher:signin_success'), 5000, 'mallory signed in');
    raw.send_event('pusher:subscribe', { channel: '#server-to-user-alice' });
    await waitFor(() => frames.some((frame) => frame.event === 'pusher:subscription_error'), 5000, 'the refusal');

    await publisherWith().publishToUser(conformanceUserEvents, 'alice', 'note', { text: 'secret', n: 2 });
    await quietPeriod(300);
    expect(frames.filter((frame) => frame.event === 'note')).toEqual([]);
    expect(frames.find((frame) => frame.event === 'pusher:subscription_error')).toMatchObject({ channel: '#server-to-user-alice' });
  });

  it('an anonymous page is refused UNAUTHORIZED in the same refusal shape', async () => {
    const refused = await subscribeUser(subscriberAs(), conformanceUserEvents({ userId: 'alice' }), 'note', () => {}).ready.catch(
      (error: unknown) => error,
    );
    expect(RealtimeError.isInstance(refused, 'UNAUTHORIZED')).toBe(true);
    expect((refused as RealtimeError).message).toMatch(/^Subscription to "switchboard-user:alice" refused: .+/);
  });

  it('userStreams both: a page on sign-in gets one copy, a page of the previous release on the private channel gets one', async () => {
    const signedIn = new Collector<number>();
    await subscribeUser(subscriberAs('carol'), conformanceUserEvents({ userId: 'carol' }), 'note', (data) => signedIn.push(data.n)).ready;
    // The previous release listened on the private channel: a raw pusher-js authorized through the same endpoint.
    const previous = new Pusher(KEY, {
      ...emulator.clientOptions(),
      channelAuthorization: { endpoint, transport: 'ajax', headers: { 'x-user': 'carol' } },
    });
    open.push({ close: () => previous.disconnect() });
    const oldCopies = new Collector<unknown>();
    const channel = previous.subscribe('private-switchboard-user,carol');
    channel.bind('note', oldCopies.push);
    await new Promise((resolve) => channel.bind('pusher:subscription_succeeded', resolve));

    await publisherWith('both').publishToUser(conformanceUserEvents, 'carol', 'note', { text: 'both ways', n: 3 });
    await signedIn.toHave(1);
    await oldCopies.toHave(1);
    await publisherWith('private-channel').publishToUser(conformanceUserEvents, 'carol', 'note', { text: 'old way', n: 4 });
    await oldCopies.toHave(2);
    await quietPeriod(200);
    expect(signedIn.items).toEqual([3]);
    expect(() => publisherWith('everywhere' as never)).toThrow(/userStreams must be/);
  });

  it('after a dropped connection the page signs in again, reports the gap and receives what follows', async () => {
    const received = new Collector<number>();
    const gaps: GapInfo[] = [];
    const subscriber = subscriberAs('dave');
    await subscribeUser(subscriber, conformanceUserEvents({ userId: 'dave' }), 'note', (data) => received.push(data.n), {
      onGap: (gap) => gaps.push(gap),
    }).ready;
    await emulator.dropAllSockets();
    await waitFor(() => gaps.length === 1, 10_000, 'the gap after the reconnect');
    await publisherWith().publishToUser(conformanceUserEvents, 'dave', 'note', { text: 'after', n: 5 });
    expect(await received.toHave(1)).toEqual([5]);
    expect(gaps[0]).toMatchObject({ channel: 'switchboard-user:dave', reason: 'reconnected-without-recovery' });
  });
});
