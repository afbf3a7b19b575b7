/**
 * Health with reasons and stats on the Socket.IO hub — published in process and over the signed
 * HTTP endpoint (shared suite) — plus what only the hub can tell: Redis down, and a subscriber
 * whose token refresh fails.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watchSubscriberHealth } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { conformanceChannels, publicRoom, runHealthChecks } from '@switchboard/testing/conformance';
import { redisServerInstalled, startRedisServer } from '@switchboard/testing/faults';
import { describe, expect, it } from 'vitest';
import { signHubToken, socketIoPublisher } from '../src/index.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

runHealthChecks('socket-io in process', async () => {
  const hub = await startHub(conformanceChannels);
  return {
    createPublisher: (options) => socketIoPublisher({ hub, ...options }),
    createSubscriber: (user) => subscriberFor(hub.url, user),
    failNextPublishes: (count) => hub.failNextPublishes(count),
    stopProvider: () => hub.close(),
    counts: ['connections', 'channels', 'subscriptions'],
  };
});

runHealthChecks('socket-io over HTTP', async () => {
  const hub = await startHub(conformanceChannels);
  return {
    createPublisher: (options) => socketIoPublisher({ url: hub.url, secret: SECRET, ...options }),
    createSubscriber: (user) => subscriberFor(hub.url, user),
    failNextPublishes: (count) => hub.failNextPublishes(count),
    stopProvider: () => hub.close(),
    counts: ['connections', 'channels', 'subscriptions'],
  };
});

const installed = redisServerInstalled();
if (!installed && process.env.CI !== 'true') console.info('[socket-io health] no redis-server binary: skipping the Redis-down case');

describe('socket-io health, what only the hub can tell', () => {
  it.skipIf(!installed && process.env.CI !== 'true')(
    'is degraded with redis-down while its Redis is gone, healthy again once it is back',
    async () => {
      const redis = await startRedisServer();
      const hub = await startHub(conformanceChannels, { redis: { url: redis.url, streamName: 'health' } });
      const publisher = socketIoPublisher({ hub });
      try {
        expect(await publisher.health()).toMatchObject({ status: 'healthy', reasons: [] });
        await redis.kill();
        const down = await publisher.health();
        expect(down.status).toBe('degraded');
        expect(down.reasons?.map((reason) => reason.code)).toEqual(['redis-down']);
        await redis.start();
        await waitFor(async () => (await publisher.health()).status === 'healthy', 20_000, 'healthy after the restart');
      } finally {
        await publisher.close();
        await hub.close();
        await redis.stop();
      }
    },
    60_000,
  );

  it('reports token-refresh-failing while the auth endpoint answers 500, and clears it once it answers a token', async () => {
    const hub = await startHub(conformanceChannels, { allowAnonymous: false });
    let refuse = true;
    const endpoint = createServer((request, response) => {
      request.resume();
      if (refuse) return void response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
      void signHubToken({ user: { id: 'u1' }, secret: SECRET }).then((token) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })),
      );
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const subscriber = subscriberFor(hub.url, undefined, { authEndpoint: `http://127.0.0.1:${port}/auth` });
    const watch = watchSubscriberHealth(subscriber, { provider: 'socket-io' });
    try {
      const states: string[] = [];
      subscriber.onStateChange((change) => states.push(change.current));
      subscriber.subscribe(publicRoom({ room: 'refresh' }), 'note', () => {});
      await waitFor(
        () => watch.health().reasons?.some((reason) => reason.code === 'token-refresh-failing'),
        20_000,
        'token-refresh-failing',
      );
      expect(watch.health().status).not.toBe('healthy');
      refuse = false;
      await waitFor(() => watch.health().status === 'healthy', 20_000, `healthy once a token came (states ${states.join(',')})`);
    } finally {
      watch.stop();
      await subscriber.close();
      await hub.close();
      endpoint.close();
    }
  }, 60_000);
});
