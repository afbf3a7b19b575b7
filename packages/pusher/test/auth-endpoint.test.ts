import { RealtimeError } from '@switchboard/core';
import { presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pusherSubscriber } from '../src/subscriber/index.js';
import { type AuthEndpointServer, startAuthEndpoint } from './auth-endpoint-server.js';

// A stand-in for the shared auth handler: form body in, the authorizer's JSON or a 403 with a reason out.
describe('pusher subscriber with an auth endpoint', () => {
  let emulator: PusherEmulator;
  let server: AuthEndpointServer;
  let endpoint: string;
  let seen: AuthEndpointServer['seen'];

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: '1', key: 'endpoint-key', secret: 'endpoint-secret' });
    server = await startAuthEndpoint({
      key: 'endpoint-key',
      secret: 'endpoint-secret',
      channels: [publicRoom, privateInbox, presenceRoom],
      path: '/api/realtime/auth',
    });
    endpoint = server.url;
    seen = server.seen;
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });

  const subscriberFor = (userId: string) =>
    pusherSubscriber({
      key: 'endpoint-key',
      wsHost: emulator.host,
      wsPort: emulator.port,
      forceTLS: false,
      authEndpoint: endpoint,
      authHeaders: () => ({ 'x-user': userId }),
    });

  it('posts socket_id and channel_name as form fields with the app’s headers, and subscribes', async () => {
    const subscriber = subscriberFor('erin');
    await subscriber.subscribe(privateInbox({ userId: 'erin' }), 'note', () => {}).ready;
    const request = seen.at(-1);
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded\b/);
    expect(request?.headers['x-user']).toBe('erin');
    expect(request?.fields).toEqual({ socket_id: subscriber.connectionId, channel_name: 'private-conformance,private,erin' });
    await subscriber.close();
  });

  it('rejects the subscription with FORBIDDEN and the endpoint’s reason on a 403', async () => {
    const subscriber = subscriberFor('mallory');
    const refused = await subscriber.subscribe(privateInbox({ userId: 'erin' }), 'note', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect((refused as RealtimeError).message).toContain('only user erin may subscribe');
    await subscriber.close();
  });

  it('sends the presence intent: a watcher first, then a member with its data', async () => {
    const subscriber = subscriberFor('frank');
    const channel = presenceRoom({ room: 'endpoint' });
    const presence = subscriber.presence(channel);
    await presence.enter({ name: 'Frank' });
    const presenceRequests = seen
      .filter((request) => request.fields.channel_name?.startsWith('presence-'))
      .map((request) => request.fields);
    expect(presenceRequests.at(-2)).toMatchObject({ presence_mode: 'watch' });
    expect(presenceRequests.at(-1)).toMatchObject({ presence_data: JSON.stringify({ name: 'Frank' }) });
    expect(await presence.members()).toEqual([{ userId: 'frank', data: { name: 'Frank' } }]);
    await subscriber.close();
  });
});
