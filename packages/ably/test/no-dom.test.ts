import { waitFor } from '@switchboard/testing';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleLikeReactNative,
  noDomInbox,
  nodeWebSocket,
  runWithoutDom,
  startAuthEndpoint,
} from '../../../fixtures/no-dom/run-without-dom.js';
import { ablyAuthorizer, ablyPublisher } from '../src/index.js';
import { API_KEY } from './emulator-setup.js';

describe('ably subscriber without a DOM (React Native)', () => {
  let emulator: AblyEmulator;
  let endpoint: Awaited<ReturnType<typeof startAuthEndpoint>>;
  let host: { endpoint: string; port: number; tls: false };

  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: [API_KEY] });
    host = { endpoint: emulator.host, port: emulator.port, tls: false };
    endpoint = await startAuthEndpoint(ablyAuthorizer({ apiKey: API_KEY, ...host }), 'rn-user');
  });
  afterAll(async () => {
    await endpoint?.close();
    await emulator?.close();
  });

  it('subscribes through @switchboard/core/client and the auth endpoint with only fetch and WebSocket as globals', async () => {
    const page = runWithoutDom(await bundleLikeReactNative('ably'), nodeWebSocket());
    expect(page.globalsSeen).toEqual([]);
    const received: unknown[] = [];
    const subscription = page.listen(endpoint.url, 'rn-user', (data) => received.push(data));
    await subscription.ready;
    const publisher = ablyPublisher({ apiKey: API_KEY, ...host });
    await publisher.publish(noDomInbox({ userId: 'rn-user' }), 'note', { text: 'from the server' });
    await waitFor(() => received.length === 1);
    expect(JSON.parse(JSON.stringify(received))).toEqual([{ text: 'from the server' }]);
    expect(subscription.state()).toBe('connected');
    await subscription.close();
    await publisher.close();
  });
});
