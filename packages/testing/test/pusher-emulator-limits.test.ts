/**
 * The Pusher emulator against Pusher's published limits, through the real `pusher` and `pusher-js`
 * SDKs: channel name length, presence members and user_info, user sign-in, sending to a user and
 * terminating a user's connections.
 */
import Pusher from 'pusher';
import PusherClient from 'pusher-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PusherEmulator, startPusherEmulator } from '../src/pusher-emulator/index.js';
import { quietPeriod, waitFor } from '../src/wait.js';
import { APP, RawSocket } from './pusher-emulator-helpers.js';

describe('Pusher emulator: published limits and user connections', () => {
  let emulator: PusherEmulator;
  let server: Pusher;
  const sockets: RawSocket[] = [];
  const clients: PusherClient[] = [];
  beforeAll(async () => {
    emulator = await startPusherEmulator(APP);
    server = new Pusher(emulator.serverOptions());
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(() => emulator.close());

  const open = async () => {
    const socket = await RawSocket.open(emulator);
    sockets.push(socket);
    return socket;
  };

  /** A pusher-js client that signs in as `userId` through the Node SDK's user authentication. */
  const signedInClient = (userId: string) => {
    const client = new PusherClient(emulator.key, {
      ...emulator.clientOptions(),
      userAuthentication: {
        endpoint: '/unused',
        transport: 'ajax',
        customHandler: ({ socketId }, callback) => callback(null, server.authenticateUser(socketId, { id: userId })),
      },
    });
    clients.push(client);
    client.signin();
    return client;
  };

  it('accepts a 164-character channel name and refuses 165 characters with 400', async () => {
    await server.trigger('c'.repeat(164), 'e', { ok: true });
    const error = await server.trigger('c'.repeat(165), 'e', { ok: true }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400 });
  });

  it('refuses presence user_info over 1 KB', async () => {
    const socket = await open();
    const refused = await socket.subscribe('presence-big', { user_id: 'u', user_info: { text: 'x'.repeat(1100) } });
    expect(refused.event).toBe('pusher:subscription_error');
  });

  it('admits 100 distinct presence members and refuses the 101st', async () => {
    const members = await Promise.all(Array.from({ length: 101 }, () => open()));
    for (const [index, socket] of members.slice(0, 100).entries()) {
      const joined = await socket.subscribe('presence-crowd', { user_id: `user-${index}` });
      expect(joined.event).toBe('pusher_internal:subscription_succeeded');
    }
    const refused = await (members[100] as RawSocket).subscribe('presence-crowd', { user_id: 'user-100' });
    expect(refused.event).toBe('pusher:subscription_error');
    expect(refused.data.status).toBe(403);
  });

  it('signs a pusher-js user in and delivers sendToUser events to that user only', async () => {
    const ann = signedInClient('ann');
    const bob = signedInClient('bob');
    const received: Array<[string, unknown]> = [];
    ann.user.bind('notice', (data: unknown) => received.push(['ann', data]));
    bob.user.bind('notice', (data: unknown) => received.push(['bob', data]));
    await Promise.all([ann.user.signinDonePromise, bob.user.signinDonePromise]);
    await waitFor(() => emulator.channelNames().includes('#server-to-user-ann'), 5000, 'ann’s user channel');
    await server.sendToUser('ann', 'notice', { n: 1 });
    await waitFor(() => received.length === 1, 5000, 'the user event');
    await quietPeriod(100);
    expect(received).toEqual([['ann', { n: 1 }]]);
  });

  it('terminates every connection a user signed in with, leaving other users connected', async () => {
    const annTabs = [signedInClient('ann'), signedInClient('ann')];
    const bob = signedInClient('bob');
    await Promise.all([...annTabs, bob].map((client) => client.user.signinDonePromise));
    await waitFor(() => emulator.connectionCount() === 3, 5000, 'three connections');
    await server.terminateUserConnections('ann');
    await waitFor(() => annTabs.every((client) => client.connection.state !== 'connected'), 5000, 'ann’s tabs to be disconnected');
    await quietPeriod(100);
    expect(bob.connection.state).toBe('connected');
  });

  it('refuses a sign-in with a forged signature by closing the connection with 4009', async () => {
    const socket = await open();
    socket.send('pusher:signin', { auth: `${emulator.key}:forged`, user_data: JSON.stringify({ id: 'mallory' }) });
    await waitFor(() => socket.closeCode !== undefined, 5000, 'the close');
    expect(socket.closeCode).toBe(4009);
  });
});
