import { runConnectionDrops, runMalformedFrames, runPublishOutage } from '@switchboard/testing/faults';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryRig } from './rigs/memory-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';

const rig = memoryRig();
afterAll(() => rig.teardown());

describe('memory under faults', () => {
  it('delivers each message once, or reports a gap covering it, with every connection dropped three times', async () => {
    const report = await runConnectionDrops(rig, { messages: 1000 });
    expectNothingSilentlyMissing(report);
    expect(report.sent).toBe(1000);
  });

  it('delivers every message once after retries when publishing fails with 503 for 2 seconds', async () => {
    const report = await runPublishOutage(rig, { messages: 1000 });
    expectNothingSilentlyMissing(report);
    expect(report.delivered).toBe(2000);
    expect(report.duplicates).toBe(0);
    expect(report.gapsReported).toBe(0);
  });

  it('survives malformed frames, reports each, and keeps delivering', async () => {
    const report = await runMalformedFrames(rig);
    expect(report.outcomes.map((outcome) => [outcome.kind, outcome.reportedCode])).toEqual([
      ['invalid-json', 'MALFORMED_MESSAGE'],
      ['wrong-envelope', 'MALFORMED_MESSAGE'],
      ['oversized', 'PAYLOAD_TOO_LARGE'],
      ['unknown-event', 'INVALID_EVENT'],
    ]);
    expect(report.finalState).toBe('connected');
    expect(report.delivered).toBe(report.sent);
  });
});
