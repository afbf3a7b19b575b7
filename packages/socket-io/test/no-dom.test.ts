import { waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleLikeReactNative,
  noDomInbox,
  noDomRules,
  nodeWebSocket,
  runWithoutDom,
  startAuthEndpoint,
} from '../../../fixtures/no-dom/run-without-dom.js';
import { createHub, type Hub, socketIoAuthorizer, socketIoPublisher } from '../src/index.js';
import { SECRET } from './helpers.js';

describe('socket-io subscriber without a DOM (React Native)', () => {
  let hub: Hub;
  let endpoint: Awaited<ReturnType<typeof startAuthEndpoint>>;

  beforeAll(async () => {
    hub = createHub({ channels: [noDomInbox], rules: noDomRules, secret: SECRET, host: '127.0.0.1', port: 0 });
    await hub.listen();
    endpoint = await startAuthEndpoint(socketIoAuthorizer({ url: hub.url, secret: SECRET }), 'rn-user');
  });
  afterAll(async () => {
    await endpoint?.close();
    await hub?.close();
  });

  it('subscribes through @switchboard/core/client and the auth endpoint with only fetch and WebSocket as globals', async () => {
    const page = runWithoutDom(await bundleLikeReactNative('socket-io'), nodeWebSocket());
    expect(page.globalsSeen).toEqual([]);
    const received: unknown[] = [];
    const subscription = page.listen(endpoint.url, 'rn-user', (data) => received.push(data));
    await subscription.ready;
    const publisher = socketIoPublisher({ hub });
    await publisher.publish(noDomInbox({ userId: 'rn-user' }), 'note', { text: 'from the server' });
    await waitFor(() => received.length === 1);
    expect(JSON.parse(JSON.stringify(received))).toEqual([{ text: 'from the server' }]);
    expect(subscription.state()).toBe('connected');
    await subscription.close();
    await publisher.close();
  });
});
