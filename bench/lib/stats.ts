/** Summaries and verdicts shared by every measurement. */

/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function mean(samples: readonly number[]): number {
  return samples.reduce((total, sample) => total + sample, 0) / samples.length;
}

/** A budget on a ratio: `at-least` for throughput-like numbers, `at-most` for costs. */
export interface Budget {
  kind: 'at-least' | 'at-most';
  ratio: number;
}

export function meetsBudget(ratio: number, budget: Budget): boolean {
  return budget.kind === 'at-least' ? ratio >= budget.ratio : ratio <= budget.ratio;
}

export function verdict(ratio: number, budget: Budget): string {
  const bound = `${budget.kind === 'at-least' ? '≥' : '≤'} ${budget.ratio.toFixed(2)}×`;
  return meetsBudget(ratio, budget) ? `pass (${bound})` : `**miss** (${bound})`;
}

export const formatRatio = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a');

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  if (perSecond >= 10_000) return `${Math.round(perSecond / 1000).toLocaleString('en-US')}k/s`;
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export function formatMs(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return 'n/a';
  if (milliseconds >= 100) return `${Math.round(milliseconds).toLocaleString('en-US')} ms`;
  if (milliseconds >= 1) return `${milliseconds.toFixed(2)} ms`;
  return `${(milliseconds * 1000).toFixed(0)} µs`;
}

export function formatMicroseconds(microseconds: number): string {
  return Number.isFinite(microseconds) ? `${microseconds.toFixed(microseconds >= 10 ? 1 : 2)} µs` : 'n/a';
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(2)} KiB`;
  return `${Math.round(bytes)} B`;
}
