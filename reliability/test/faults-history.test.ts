/**
 * The connection-drop fault again, with the history store: every provider must now deliver every
 * message exactly once with no gap at all, Pusher included, because subscribers catch up from the
 * store instead of reporting what the provider could not recover.
 */
import { type FaultRig, runConnectionDrops } from '@switchboard/testing/faults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyRig } from './rigs/ably-rig.js';
import { memoryRig } from './rigs/memory-rig.js';
import { pusherRig } from './rigs/pusher-rig.js';
import { socketIoRig } from './rigs/socket-io-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { redisAvailable, uniqueStream } from './support/redis.js';

const providers: Array<{ name: string; needsRedis: boolean; start: () => Promise<FaultRig> }> = [
  { name: 'memory', needsRedis: false, start: async () => memoryRig() },
  { name: 'socket-io + Redis', needsRedis: true, start: () => socketIoRig({ streamName: uniqueStream('history-drops') }) },
  { name: 'pusher', needsRedis: false, start: () => pusherRig() },
  { name: 'ably', needsRedis: false, start: () => ablyRig() },
];

const redis = await redisAvailable();

for (const provider of providers) {
  describe.skipIf(provider.needsRedis && !redis)(`${provider.name} with the history store`, () => {
    let rig: FaultRig;
    beforeAll(async () => {
      rig = await provider.start();
    });
    afterAll(() => rig?.teardown());

    it('delivers every message exactly once with no gap, with every connection dropped three times', async () => {
      const report = await runConnectionDrops(rig, { messages: 1000, history: true });
      expectNothingSilentlyMissing(report);
      expect(report.sent).toBe(1000);
      expect(report.gapsReported).toBe(0);
      expect(report.delivered).toBe(report.sent * report.subscribers);
    });
  });
}
