/**
 * Faults 1, 2 and 6 on the network providers: connections dropped during a stream, a publish
 * endpoint failing for 2 seconds, malformed frames. One describe per provider, same assertions.
 */
import { type FaultRig, runConnectionDrops, runMalformedFrames, runPublishOutage } from '@switchboard/testing/faults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyRig } from './rigs/ably-rig.js';
import { pusherRig } from './rigs/pusher-rig.js';
import { socketIoRig } from './rigs/socket-io-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { redisAvailable, uniqueStream } from './support/redis.js';

const providers: Array<{ name: string; needsRedis: boolean; start: () => Promise<FaultRig> }> = [
  { name: 'socket-io + Redis', needsRedis: true, start: () => socketIoRig({ streamName: uniqueStream('drops') }) },
  { name: 'pusher', needsRedis: false, start: () => pusherRig() },
  { name: 'ably', needsRedis: false, start: () => ablyRig() },
];

const redis = await redisAvailable();

for (const provider of providers) {
  describe.skipIf(provider.needsRedis && !redis)(`${provider.name} under faults`, () => {
    let rig: FaultRig;
    beforeAll(async () => {
      rig = await provider.start();
    });
    afterAll(() => rig?.teardown());

    it('delivers each message once, or reports a gap covering it, with every connection dropped three times', async () => {
      const report = await runConnectionDrops(rig, { messages: 1000 });
      expectNothingSilentlyMissing(report);
      expect(report.sent).toBe(1000);
    });

    it('delivers every message exactly once after retries when the publish endpoint fails for 2 seconds', async () => {
      const report = await runPublishOutage(rig, { messages: 1000, status: 503 });
      expectNothingSilentlyMissing(report);
      expect(report.delivered).toBe(2000);
      expect(report.gapsReported).toBe(0);
    });

    it('survives malformed frames, reports each one that reaches it, and keeps delivering', async () => {
      const report = await runMalformedFrames(rig);
      console.info(`${rig.name}: ${report.note}`);
      for (const outcome of report.outcomes) {
        if (outcome.reached) expect(outcome.reportedCode, outcome.kind).toBeDefined();
        else expect(outcome.note, outcome.kind).toMatch(/refuses/);
      }
      expect(report.finalState).toBe('connected');
      expect(report.delivered).toBe(report.sent);
      expect(report.sent).toBe(25);
    });
  });
}
