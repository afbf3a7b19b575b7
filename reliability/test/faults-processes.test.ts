/**
 * Faults 3, 4 and 5: a publisher process killed with messages in its outbox, a provider server
 * killed and restarted, an Ably token expiring mid-stream. The memory provider has no second
 * process (its hub lives inside the publisher's), so it has no row here.
 */
import { runStreamWithFault } from '@switchboard/testing/faults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABLY_KEY, ablyClients, ablyRig } from './rigs/ably-rig.js';
import type { NetworkRig } from './rigs/network-rig.js';
import { PUSHER_CREDENTIALS, pusherClients, pusherRig } from './rigs/pusher-rig.js';
import { HUB_SECRET, socketIoClients, socketIoRig } from './rigs/socket-io-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { REDIS_URL, runPublisherKilled, runServerRestart, type ServerProcess } from './support/process-scenarios.js';
import { redisAvailable, uniqueStream } from './support/redis.js';

const redis = await redisAvailable();

const providers: Array<{ label: string; rig: () => Promise<NetworkRig>; server: ServerProcess; needsRedisForServer: boolean }> = [
  {
    label: 'socket-io + Redis',
    rig: () => socketIoRig({ streamName: uniqueStream('killed') }),
    server: {
      kind: 'socket-io',
      name: 'socket-io + Redis',
      config: { secret: HUB_SECRET, redisUrl: REDIS_URL, streamName: uniqueStream('restart') },
      clients: (port) => socketIoClients(`http://127.0.0.1:${port}`),
    },
    needsRedisForServer: true,
  },
  {
    label: 'pusher',
    rig: () => pusherRig(),
    server: {
      kind: 'pusher',
      name: 'pusher (emulator)',
      config: { pusher: PUSHER_CREDENTIALS },
      clients: (port) => pusherClients('127.0.0.1', port),
    },
    needsRedisForServer: false,
  },
  {
    label: 'ably',
    rig: () => ablyRig(),
    server: { kind: 'ably', name: 'ably (emulator)', config: { ablyKey: ABLY_KEY }, clients: (port) => ablyClients('127.0.0.1', port) },
    needsRedisForServer: false,
  },
];

for (const provider of providers) {
  describe(`${provider.label}: process faults`, () => {
    let rig: NetworkRig | undefined;
    beforeAll(async () => {
      if (redis) rig = await provider.rig();
    });
    afterAll(() => rig?.teardown());

    it.skipIf(!redis)('a publisher killed with messages in its outbox: the next publisher sends them, each arrives once', async () => {
      const report = await runPublisherKilled(rig as NetworkRig);
      expectNothingSilentlyMissing(report);
      expect(report.sent).toBe(250);
      expect(report.delivered).toBe(500);
    });

    it.skipIf(provider.needsRedisForServer && !redis)(
      'a server process killed and restarted: subscribers reconnect and continue, nothing silently missing',
      async () => {
        const report = await runServerRestart(provider.server, { messages: 1000 });
        expectNothingSilentlyMissing(report);
        expect(report.sent).toBe(1000);
      },
    );
  });
}

describe('ably: token expiry', () => {
  it('renews an expired token mid-stream and loses nothing', async () => {
    const rig = await ablyRig();
    try {
      const report = await runStreamWithFault(rig, 'token expired mid-stream ×2', async () => rig.emulator.expireToken(), {
        at: [0.3, 0.6],
      });
      expectNothingSilentlyMissing(report);
      expect(report.delivered).toBe(report.sent * report.subscribers);
      expect(report.gapsReported).toBe(0);
    } finally {
      await rig.teardown();
    }
  });
});
