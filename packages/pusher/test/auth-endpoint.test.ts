import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChannelChecker, RealtimeError } from '@switchboard/core';
import { presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pusherAuthorizer } from '../src/index.js';
import { pusherSubscriber } from '../src/subscriber/index.js';

// A stand-in for the shared auth handler: form body in, the authorizer's JSON or a 403 with a reason out.
describe('pusher subscriber with an auth endpoint', () => {
  let emulator: PusherEmulator;
  let server: Server;
  let endpoint: string;
  const seen: Array<{ headers: Record<string, unknown>; fields: Record<string, string> }> = [];

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: '1', key: 'endpoint-key', secret: 'endpoint-secret' });
    const authorizer = pusherAuthorizer({ key: 'endpoint-key', secret: 'endpoint-secret' });
    const checker = createChannelChecker([publicRoom, privateInbox, presenceRoom]);
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', async () => {
        const fields = Object.fromEntries(new URLSearchParams(text));
        seen.push({ headers: request.headers, fields });
        const user = { id: String(request.headers['x-user'] ?? '') };
        try {
          const body = await authorizer.authorize({ user, body: fields, check: (name) => checker(user, name) });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        } catch (error) {
          const status = RealtimeError.isInstance(error, 'FORBIDDEN') ? 403 : 400;
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: (error as Error).message }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/realtime/auth`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
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
