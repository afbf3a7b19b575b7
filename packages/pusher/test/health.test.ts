/** Health with reasons and stats on Pusher: the real `pusher` and `pusher-js` SDKs against the emulator (shared suite). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RealtimeError, watchSubscriberHealth } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { conformanceChannels, privateInbox, runHealthChecks } from '@switchboard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { startTestbed } from './harness.js';

runHealthChecks('pusher', async () => {
  const testbed = await startTestbed(conformanceChannels);
  return {
    createPublisher: (options) => testbed.publisher(options),
    createSubscriber: (user) => testbed.subscriber(user),
    failNextPublishes: (count) => testbed.emulator.failNextHttp(count, 500),
    stopProvider: () => testbed.close(),
    // Pusher's HTTP API tells occupied channels (and presence users), not connections.
    counts: ['channels'],
  };
});

describe('pusher subscriber health', () => {
  it('reports token-refresh-failing when the auth endpoint answers 500 for a private channel', async () => {
    const testbed = await startTestbed(conformanceChannels);
    const endpoint = createServer((request, response) => {
      request.resume();
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"database down"}}');
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const subscriber = testbed.subscriber({ id: 'ada' }, { authorize: undefined, authEndpoint: `http://127.0.0.1:${port}/auth` });
    const watch = watchSubscriberHealth(subscriber, { provider: 'pusher' });
    try {
      const refused = await subscriber
        .subscribe(privateInbox({ userId: 'ada' }), 'note', () => {})
        .ready.then(
          () => undefined,
          (error: RealtimeError) => error,
        );
      // One refusal shape on every provider: the endpoint's status is in the details, not the message.
      expect(refused?.code).toBe('PROVIDER_UNAVAILABLE');
      expect(refused?.details).toMatchObject({ status: 500, reason: 'database down' });
      await waitFor(
        () => watch.health().reasons?.some((reason) => reason.code === 'token-refresh-failing'),
        10_000,
        'token-refresh-failing',
      );
      expect(watch.health().status).toBe('degraded');
    } finally {
      watch.stop();
      endpoint.close();
      await testbed.close();
    }
  }, 60_000);
});
