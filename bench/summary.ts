/** The verdicts at the top of docs/benchmarks.md: one line per budget, pass or miss. */
import { meetsBudget } from './lib/stats.js';
import type { RigResult } from './overhead/compare-rigs.js';

export interface RunOutcome {
  overhead?: Array<{ provider: string; results: RigResult[]; switchboard: number; raw: number }>;
  bundleMisses?: string[];
  /** Framework bindings over core's client entry + 1 KiB (issue 26). */
  frameworkMisses?: string[];
}

export function summarize(outcome: RunOutcome): string {
  const lines = ['## Budgets at a glance', ''];
  for (const run of outcome.overhead ?? []) {
    const ours = run.results[run.switchboard];
    const raw = run.results[run.raw];
    if (!ours || !raw) continue;
    const throughput = ours.throughput / raw.throughput;
    const p99 = ours.p99 / raw.p99;
    const pass = meetsBudget(throughput, { kind: 'at-least', ratio: 0.95 }) && meetsBudget(p99, { kind: 'at-most', ratio: 1.1 });
    lines.push(
      `- Adapter overhead, ${run.provider}: throughput ${throughput.toFixed(2)}× raw, p99 ${p99.toFixed(2)}× raw — ` +
        `${pass ? 'pass' : '**miss**'} (budget ≥ 0.95×, ≤ 1.10×)`,
    );
  }
  if (outcome.bundleMisses) {
    lines.push(
      outcome.bundleMisses.length === 0
        ? '- Bundle: every provider within vendor SDK + 3 KiB — pass'
        : `- Bundle: over vendor SDK + 3 KiB for ${outcome.bundleMisses.join(', ')} — **miss** (\`pnpm size\` guards against growth meanwhile); the auth-endpoint page loads no provider eagerly — pass`,
    );
  }
  if (outcome.frameworkMisses) {
    lines.push(
      outcome.frameworkMisses.length === 0
        ? "- Framework bindings: Vue and Svelte within core's client entry + 1 KiB — pass"
        : `- Framework bindings: over core's client entry + 1 KiB for ${outcome.frameworkMisses.join(', ')} — **miss** (\`pnpm size\` guards against growth meanwhile)`,
    );
  }
  lines.push('- Batching: see the table (goal ≥ 5× fewer HTTP requests on Pusher and Ably)');
  return lines.join('\n');
}
