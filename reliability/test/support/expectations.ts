/** The one assertion of the stream scenarios: nothing silently missing, nothing handed over twice. */
import { type FaultReport, formatReportTable } from '@switchboard/testing/faults';
import { expect } from 'vitest';
import { knownDefect } from './known-defects.js';

export function expectNothingSilentlyMissing(report: FaultReport): void {
  console.info(formatReportTable([report]));
  const expected = report.sent * report.subscribers;
  expect(report.sent, 'messages accepted').toBeGreaterThan(0);
  expect(report.publishFailed, 'publishes that gave up').toBe(0);
  expect(report.duplicates, 'copies handed to handlers twice').toBe(0);
  expect(report.delivered + report.coveredByGap + report.lost).toBe(expected);
  const defect = knownDefect(report.provider, report.fault);
  if (defect && report.lost > 0) {
    console.warn(
      `[reliability] KNOWN DEFECT, ${report.provider} / ${report.fault}: ${report.lost} lost (${report.lostSample.join(', ')}). ${defect.summary}`,
    );
    expect(report.lost, 'lost beyond the known defect').toBeLessThanOrEqual(Math.ceil(expected * defect.maxLostShare));
    return;
  }
  expect(report.lostSample, 'messages neither delivered nor covered by a gap').toEqual([]);
  expect(report.lost).toBe(0);
}
