import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PusherEmulator, signChannel, startPusherEmulator } from '../src/pusher-emulator/index.js';
import { quietPeriod, waitFor } from '../src/wait.js';
import { APP, RawSocket, signedCall } from './pusher-emulator-helpers.js';

describe('Pusher emulator: WebSocket protocol 7', () => {
  let emulator: PusherEmulator;
  const sockets: RawSocket[] = [];
  const open = async () => {
    const socket = await RawSocket.open(emulator);
    sockets.push(socket);
    return socket;
  };
  // A frozen clock makes the client-event rate limit deterministic: every event falls in one second.
  const frozenNow = Date.now();
  beforeAll(async () => {
    emulator = await startPusherEmulator({ ...APP, clock: () => frozenNow });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => emulator.close());

  it('greets with a socket id and an activity timeout, and answers ping with pong', async () => {
    const socket = await open();
    const [greeting] = socket.frames;
    expect(greeting.event).toBe('pusher:connection_established');
    expect(greeting.data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(greeting.data.activity_timeout).toBeGreaterThan(0);
    socket.send('pusher:ping', {});
    await socket.next('pusher:pong');
  });

  it('refuses an unknown app key with pusher:error 4001 and closes with 4001', async () => {
    const socket = await RawSocket.open(emulator, 'wrong-key');
    sockets.push(socket);
    expect(socket.frames[0]).toMatchObject({ event: 'pusher:error', data: { code: 4001 } });
    await waitFor(() => socket.closeCode === 4001, 5000, 'close 4001');
  });

  it('subscribes public channels without auth and refuses bad channel names', async () => {
    const socket = await open();
    expect(await socket.subscribe('news')).toMatchObject({ event: 'pusher_internal:subscription_succeeded', data: {} });
    socket.send('pusher:subscribe', { channel: 'bad:name' });
    expect((await socket.next('pusher:error')).data.message).toMatch(/Invalid channel name/);
  });

  it('refuses a private subscription with a wrong auth string and delivers nothing to it', async () => {
    const socket = await open();
    socket.send('pusher:subscribe', { channel: 'private-vault', auth: `${APP.key}:${'0'.repeat(64)}` });
    const refused = await socket.next('pusher:subscription_error', 'private-vault');
    expect(refused.data).toMatchObject({ type: 'AuthError', status: 401 });
    socket.send('pusher:subscribe', { channel: 'private-vault', auth: `other-key:${'0'.repeat(64)}` });
    await waitFor(() => socket.received('pusher:subscription_error').length === 2, 5000, 'a second refusal');
    const published = await signedCall(emulator, 'events', { body: { name: 'secret', data: '{}', channels: ['private-vault'] } });
    expect(published.status).toBe(200);
    await quietPeriod(100);
    expect(socket.received('secret')).toEqual([]);
    expect((await socket.subscribe('private-vault')).event).toBe('pusher_internal:subscription_succeeded');
  });

  it('signs presence with channel_data, keeps one member per user and announces joins and leaves to others', async () => {
    const alice = await open();
    const aliceTab = await open();
    const bob = await open();
    const joined = await alice.subscribe('presence-team', { user_id: 'alice', user_info: { name: 'Alice' } });
    expect(joined.data.presence).toEqual({ ids: ['alice'], hash: { alice: { name: 'Alice' } }, count: 1 });
    await bob.subscribe('presence-team', { user_id: 'bob' });
    const added = await alice.next('pusher_internal:member_added', 'presence-team');
    expect(added.data).toEqual({ user_id: 'bob' });
    expect(bob.received('pusher_internal:member_added')).toEqual([]);
    const fromTab = await aliceTab.subscribe('presence-team', { user_id: 'alice', user_info: { name: 'Alice' } });
    expect(fromTab.data.presence.count).toBe(2);
    await quietPeriod(50);
    expect(bob.received('pusher_internal:member_added')).toEqual([]);
    alice.send('pusher:unsubscribe', { channel: 'presence-team' });
    await quietPeriod(100);
    expect(bob.received('pusher_internal:member_removed')).toEqual([]);
    aliceTab.close();
    const removed = await bob.next('pusher_internal:member_removed', 'presence-team');
    expect(removed.data).toEqual({ user_id: 'alice' });
  });

  it('refuses presence channel_data that does not match the signature', async () => {
    const socket = await open();
    const signedFor = JSON.stringify({ user_id: 'alice' });
    const auth = signChannel(APP.key, APP.secret, socket.socketId, 'presence-forged', signedFor);
    socket.send('pusher:subscribe', { channel: 'presence-forged', auth, channel_data: JSON.stringify({ user_id: 'admin' }) });
    expect((await socket.next('pusher:subscription_error', 'presence-forged')).data.status).toBe(401);
  });

  it('forwards client events to the other subscribers of private and presence channels only', async () => {
    const sender = await open();
    const receiver = await open();
    await sender.subscribe('presence-chat', { user_id: 'sender' });
    await receiver.subscribe('presence-chat', { user_id: 'receiver' });
    sender.send('client-typing', { typing: true }, 'presence-chat');
    const typed = await receiver.next('client-typing', 'presence-chat');
    expect(typed).toMatchObject({ data: { typing: true }, user_id: 'sender' });
    expect(sender.received('client-typing')).toEqual([]);
    await sender.subscribe('open-room');
    sender.send('client-typing', {}, 'open-room');
    expect((await sender.next('pusher:error')).data.message).toMatch(/private and presence/);
  });

  it('refuses client events on a channel the connection is not subscribed to, and when the app has them off', async () => {
    const outsider = await open();
    const member = await open();
    await member.subscribe('private-closed');
    outsider.send('client-typing', { forged: true }, 'private-closed');
    expect((await outsider.next('pusher:error')).data.message).toMatch(/not subscribed/);
    const disabled = await startPusherEmulator({ ...APP, enableClientEvents: false });
    try {
      const sender = await RawSocket.open(disabled);
      const receiver = await RawSocket.open(disabled);
      sockets.push(sender, receiver);
      await sender.subscribe('private-off');
      await receiver.subscribe('private-off');
      sender.send('client-typing', {}, 'private-off');
      expect((await sender.next('pusher:error')).data.message).toMatch(/enable this feature/);
      await quietPeriod(100);
      expect(receiver.received('client-typing')).toEqual([]);
    } finally {
      await disabled.close();
    }
    expect(member.received('client-typing')).toEqual([]);
  });

  it('rate-limits client events to 10 per second per connection with error 4301', async () => {
    const sender = await open();
    const receiver = await open();
    await sender.subscribe('private-burst');
    await receiver.subscribe('private-burst');
    for (let index = 0; index < 11; index++) sender.send('client-tick', { index }, 'private-burst');
    const limited = await sender.next('pusher:error');
    expect(limited.data.code).toBe(4301);
    await waitFor(() => receiver.received('client-tick').length === 10, 5000, 'ten ticks');
    await quietPeriod(50);
    expect(receiver.received('client-tick')).toHaveLength(10);
  });

  it('drops every socket abruptly or closes them with a chosen code', async () => {
    const first = await open();
    const second = await open();
    await first.subscribe('presence-drop', { user_id: 'first' });
    await emulator.dropAllSockets();
    await waitFor(() => first.closeCode !== undefined && second.closeCode !== undefined, 5000, 'both sockets closed');
    expect(first.closeCode).toBe(1006);
    expect(emulator.connectionCount()).toBe(0);
    expect(emulator.channelNames()).not.toContain('presence-drop');
    const third = await open();
    await emulator.closeAllWith(4200);
    await waitFor(() => third.closeCode === 4200, 5000, 'close 4200');
  });
});
