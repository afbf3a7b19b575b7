/** One row of the reliability table: a provider under one fault, and the table itself. */
import type { DeliveryTally } from './delivery-ledger.js';

export interface FaultReport extends DeliveryTally {
  /** The rig's provider label. */
  provider: string;
  /** The fault injected. */
  fault: string;
  /** Copies the provider delivered more than once, absorbed by core's de-duplication. */
  suppressedDuplicates: number;
  /** Messages per second the stream achieved. */
  achievedRate: number;
  /** Wall time of the scenario. */
  durationMs: number;
  /** Anything the numbers do not say (a fault the provider cannot have, a frame it refused). */
  note?: string;
}

/** A row for a fault that cannot apply to a provider, with the reason. */
export function notApplicable(provider: string, fault: string, note: string): FaultReport {
  return {
    provider,
    fault,
    note,
    subscribers: 0,
    sent: 0,
    publishFailed: 0,
    delivered: 0,
    duplicates: 0,
    gapsReported: 0,
    coveredByGap: 0,
    lost: 0,
    recovered: 0,
    errors: 0,
    lostSample: [],
    suppressedDuplicates: 0,
    achievedRate: 0,
    durationMs: 0,
  };
}

const HEADER =
  '| provider | fault | subscribers | sent | delivered | duplicates | suppressed by de-dup | recovered | gaps reported | covered by a gap | lost | errors reported | rate (msg/s) | note |';

/** The Markdown table of reports, one row each. */
export function formatReportTable(reports: readonly FaultReport[]): string {
  const rows = reports.map((report) =>
    report.subscribers === 0
      ? `| ${report.provider} | ${report.fault} | – | – | – | – | – | – | – | – | – | – | – | ${report.note ?? ''} |`
      : `| ${[
          report.provider,
          report.fault,
          report.subscribers,
          report.sent,
          report.delivered,
          report.duplicates,
          report.suppressedDuplicates,
          report.recovered,
          report.gapsReported,
          report.coveredByGap,
          report.lost,
          report.errors,
          report.achievedRate,
          report.note ?? '',
        ].join(' | ')} |`,
  );
  return [HEADER, `|${' --- |'.repeat(14)}`, ...rows].join('\n');
}
