/**
 * The Socket.IO hub's own faults, short: Redis killed under three hubs (without persistence, and
 * with appendfsync always), and a client that stops reading. `pnpm reliability` runs them full size.
 * The Redis here is a redis-server of the test's own (killed, or filled with padding), not the shared one.
 */
import { redisServerInstalled } from '@switchboard/testing/faults';
import { describe, expect, it } from 'vitest';
import { socketIoClusterRig } from './rigs/socket-io-cluster-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { runRedisOutage, runStalledClient } from './support/hub-scenarios.js';

const ci = process.env.CI === 'true';
const ownRedis = ci || redisServerInstalled();
if (!ownRedis) console.info('[reliability] no redis-server binary: skipping the Redis outage cases (they run when CI=true)');

describe.skipIf(!ownRedis)('socket-io: Redis killed under three hubs', () => {
  for (const persistence of ['none', 'aof-always'] as const) {
    it(`every publish reaches every hub, or its subscriber is told of a gap (${persistence})`, async () => {
      const rig = await socketIoClusterRig({ hubs: 3, persistence });
      try {
        const report = await runRedisOutage(rig, { messages: 600, outageMs: 1500 });
        expectNothingSilentlyMissing(report);
        expect(report.sent).toBe(600);
        // A Redis that keeps what it acknowledged loses nothing: every hub delivers everything, no gap.
        if (persistence === 'aof-always') {
          expect(report.delivered).toBe(600 * 3);
          expect(report.gapsReported).toBe(0);
        }
      } finally {
        await rig.teardown();
      }
    });
  }
});

describe.skipIf(!ownRedis)('socket-io: a client that stops reading', () => {
  it('is cut near maxBufferedBytes and recovers what it missed; its neighbour keeps receiving', async () => {
    const bound = 256 * 1024;
    const report = await runStalledClient({
      messages: 2000,
      ratePerSecond: 450,
      maxBufferedBytes: bound,
    });
    expectNothingSilentlyMissing(report);
    expect(report.delivered).toBe(4000);
    expect(report.recovered).toBeGreaterThan(0);
    expect(report.note).toMatch(/cut [1-9]/);
    const held = Number(/most held for one connection: ([\d.]+) MiB while stalled/.exec(report.note ?? '')?.[1]);
    // The bound plus what 1.8 MB/s adds in the 1 s grace, with room for bursts on a loaded machine.
    expect(held * 2 ** 20).toBeLessThan(bound + 2 * 1.8e6);
  });
});
