import { waitFor } from '@switchboard/testing';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleLikeReactNative,
  noDomInbox,
  nodeWebSocket,
  runWithoutDom,
  startAuthEndpoint,
} from '../../../fixtures/no-dom/run-without-dom.js';
import { pusherAuthorizer, pusherPublisher } from '../src/index.js';

describe('pusher subscriber without a DOM (React Native)', () => {
  let emulator: PusherEmulator;
  let endpoint: Awaited<ReturnType<typeof startAuthEndpoint>>;
  const app = { appId: '1', key: 'no-dom-key', secret: 'no-dom-secret' };

  beforeAll(async () => {
    emulator = await startPusherEmulator(app);
    const authorizer = pusherAuthorizer({
      key: app.key,
      secret: app.secret,
      wsHost: emulator.host,
      wsPort: emulator.wsPort,
      forceTLS: false,
    });
    endpoint = await startAuthEndpoint(authorizer, 'rn-user');
  });
  afterAll(async () => {
    await endpoint?.close();
    await emulator?.close();
  });

  it('subscribes through @switchboard/core/client and the auth endpoint with only fetch and WebSocket as globals', async () => {
    const page = runWithoutDom(await bundleLikeReactNative('pusher'), nodeWebSocket());
    expect(page.globalsSeen).toEqual([]);
    const received: unknown[] = [];
    const subscription = page.listen(endpoint.url, 'rn-user', (data) => received.push(data));
    await subscription.ready;
    const publisher = pusherPublisher({ ...app, host: emulator.host, port: emulator.port, useTLS: false });
    await publisher.publish(noDomInbox({ userId: 'rn-user' }), 'note', { text: 'from the server' });
    await waitFor(() => received.length === 1);
    expect(JSON.parse(JSON.stringify(received))).toEqual([{ text: 'from the server' }]);
    expect(subscription.state()).toBe('connected');
    await subscription.close();
    await publisher.close();
  });
});
