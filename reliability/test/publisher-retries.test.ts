/**
 * Each adapter maps its SDK's failures so core's retry policy works: 5xx and 429 are retried with
 * the same message id, other 4xx are not, an unreachable server is retried until the deadline and
 * then rejected with the last cause.
 */
import { createServer } from 'node:net';
import { createSubscriberFromTransport, RealtimeError, type RealtimePublisher } from '@switchboard/core';
import { socketIoPublisher } from '@switchboard/socket-io';
import { Collector } from '@switchboard/testing';
import { faultStream } from '@switchboard/testing/faults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyClients, ablyRig } from './rigs/ably-rig.js';
import type { NetworkRig, ProviderClients } from './rigs/network-rig.js';
import { pusherClients, pusherRig } from './rigs/pusher-rig.js';
import { socketIoClients, socketIoRig } from './rigs/socket-io-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { runHubRestart } from './support/hub-restart.js';
import { redisAvailable, uniqueStream } from './support/redis.js';

const redis = await redisAvailable();
const quickRetry = { attempts: 30, baseDelayMs: 20, maxDelayMs: 100, deadlineMs: 10_000 };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const cases: Array<{
  name: string;
  needsRedis: boolean;
  rig: () => Promise<NetworkRig>;
  /** Statuses the rig's fault hook can answer with; the Socket.IO hub's hook answers 503 only. */
  statuses: number[];
  /** How to get a non-retriable 4xx out of the provider, and the code it maps to. */
  clientError: { code: string; refuse(rig: NetworkRig, publisher: RealtimePublisher): { publisher: RealtimePublisher; stop(): void } };
  unreachable: (port: number) => ProviderClients;
}> = [
  {
    name: 'socket-io',
    needsRedis: true,
    rig: () => socketIoRig({ streamName: uniqueStream('retries') }),
    statuses: [503],
    // The hub's fault hook answers 503 only; a wrong secret gets a real 401.
    clientError: {
      code: 'UNAUTHORIZED',
      refuse: (rig) => {
        const url = (rig as NetworkRig & { hub: { url: string } }).hub.url;
        const publisher = socketIoPublisher({ url, secret: 'not-the-hub-secret-0123456789abcdef-0123', retry: quickRetry });
        return { publisher, stop: () => void publisher.close() };
      },
    },
    unreachable: (port) => socketIoClients(`http://127.0.0.1:${port}`),
  },
  {
    name: 'pusher',
    needsRedis: false,
    rig: () => pusherRig(),
    statuses: [500, 503, 429],
    clientError: { code: 'INVALID_CHANNEL', refuse: (rig, publisher) => ({ publisher, stop: rig.failPublishes(400) }) },
    unreachable: (port) => pusherClients('127.0.0.1', port),
  },
  {
    name: 'ably',
    needsRedis: false,
    rig: () => ablyRig(),
    statuses: [500, 503, 429],
    clientError: { code: 'MALFORMED_MESSAGE', refuse: (rig, publisher) => ({ publisher, stop: rig.failPublishes(400) }) },
    unreachable: (port) => ablyClients('127.0.0.1', port),
  },
];

for (const provider of cases) {
  describe.skipIf(provider.needsRedis && !redis)(`${provider.name} publisher retries`, () => {
    let rig: NetworkRig;
    let publisher: RealtimePublisher;
    beforeAll(async () => {
      rig = await provider.rig();
      publisher = rig.publisher({ retry: quickRetry });
    });
    afterAll(async () => {
      await publisher?.close();
      await rig?.teardown();
    });

    for (const status of provider.statuses) {
      it(`retries a ${status} with the same message id, which arrives once`, async () => {
        const channel = faultStream({ run: `retry-${status}-${Date.now().toString(36)}` });
        const subscriber = createSubscriberFromTransport(rig.subscriberTransport());
        const received = new Collector<string>();
        await subscriber.subscribe(channel, 'tick', (_data, meta) => received.push(meta.id)).ready;
        const stop = rig.failPublishes(status);
        setTimeout(stop, 150);
        const { id } = await publisher.publish(channel, 'tick', { n: status });
        expect(await received.toHave(1, 10_000)).toEqual([id]);
        await subscriber.close();
      });
    }

    it(`does not retry a client error (${provider.clientError.code}): the first answer is the result`, async () => {
      const refused = provider.clientError.refuse(rig, publisher);
      const channel = faultStream({ run: `refused-${Date.now().toString(36)}` });
      const failure = await refused.publisher.publish(channel, 'tick', { n: 1 }).catch((error: unknown) => error);
      refused.stop();
      expect(RealtimeError.isInstance(failure)).toBe(true);
      expect((failure as RealtimeError).code).toBe(provider.clientError.code);
      expect((failure as RealtimeError).retriable).toBe(false);
    });

    it('retries an unreachable server until the deadline, then rejects with the last cause', async () => {
      const port = await closedPort();
      const unreachable = provider
        .unreachable(port)
        .publisher({ retry: { attempts: 1000, baseDelayMs: 20, maxDelayMs: 100, deadlineMs: 1000 } });
      const started = Date.now();
      const failure = await unreachable.publish(faultStream({ run: 'nowhere' }), 'tick', { n: 1 }).catch((error: unknown) => error);
      const elapsed = Date.now() - started;
      expect(RealtimeError.isInstance(failure)).toBe(true);
      expect((failure as RealtimeError).retriable).toBe(true);
      expect(['PROVIDER_UNAVAILABLE', 'TIMEOUT']).toContain((failure as RealtimeError).code);
      // It kept trying for most of the deadline, and stopped soon after it.
      expect(elapsed).toBeGreaterThanOrEqual(500);
      expect(elapsed).toBeLessThan(9000);
      await unreachable.close();
    });
  });
}

describe('default retry policy', () => {
  it('rides out a 2.5 s hub restart without rejecting a publish (no retry option given)', async () => {
    const report = await runHubRestart({ downMs: 2500, messages: 1000, ratePerSecond: 250 });
    expectNothingSilentlyMissing(report);
    expect(report.sent).toBe(1000);
  });
});
