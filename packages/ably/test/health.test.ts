/** Health with reasons and stats on Ably: the real `ably` SDK against the emulator (shared suite). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watchSubscriberHealth } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { conformanceChannels, publicRoom, runHealthChecks } from '@switchboard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { ablySubscriber } from '../src/subscriber/index.js';
import { fastClientOptions, startTestBed } from './emulator-setup.js';

runHealthChecks('ably', async () => {
  const bed = await startTestBed(conformanceChannels);
  return {
    createPublisher: (options) => bed.publisher(options),
    createSubscriber: (user) => bed.subscriber(user),
    failNextPublishes: (count) => bed.emulator.failNextRest(count, 500),
    stopProvider: () => bed.emulator.close(),
    // Ably's REST API does not count connections or subscriptions for a key; core's rates only.
    counts: [],
  };
});

describe('ably subscriber health', () => {
  it('reports token-refresh-failing when the auth endpoint answers 500', async () => {
    const bed = await startTestBed(conformanceChannels);
    const endpoint = createServer((request, response) => {
      request.resume();
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"database down"}}');
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const subscriber = ablySubscriber({ ...bed.host, authEndpoint: `http://127.0.0.1:${port}/auth`, clientOptions: fastClientOptions });
    const watch = watchSubscriberHealth(subscriber, { provider: 'ably' });
    try {
      const refused = await subscriber
        .subscribe(publicRoom({ room: 'token' }), 'note', () => {})
        .ready.then(
          () => undefined,
          (error: Error) => error,
        );
      expect(refused).toBeInstanceOf(Error);
      await waitFor(
        () => watch.health().reasons?.some((reason) => reason.code === 'token-refresh-failing'),
        20_000,
        'token-refresh-failing',
      );
      expect(watch.health().status).not.toBe('healthy');
    } finally {
      watch.stop();
      await subscriber.close();
      endpoint.close();
      await bed.emulator.close();
    }
  }, 60_000);
});
