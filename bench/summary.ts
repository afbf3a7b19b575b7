/**
 * “Budgets at a glance”, the verdicts at the top of docs/benchmarks.md: one line per budget of
 * issue 20 (hot path vs raw Socket.IO with connection-state recovery, also shown against raw
 * without it), pass or miss. A budget whose measurement did not run in this invocation says so.
 */
import { type Budget, formatMicroseconds, formatRatio, meetsBudget } from './lib/stats.js';
import type { RigResult } from './overhead/compare-rigs.js';
import type { ProviderRun } from './overhead/index.js';

export interface RunOutcome {
  overhead?: ProviderRun[];
  bundleMisses?: string[];
  /** Framework bindings over core's client entry + 1 KiB (issue 26). */
  frameworkMisses?: string[];
  /** Fan-out: time to last delivery, Switchboard ÷ raw (with recovery, and without), per subscriber count. */
  fanOut?: Array<{ subscribers: number; vsRecovery: number; vsRaw: number }>;
  /** Hub heap per idle connection, Switchboard ÷ raw Socket.IO with recovery, and ÷ raw without it. */
  heapPerConnection?: { vsRecovery: number; vsRaw: number };
}

const verdict = (ratio: number, budget: Budget) => (meetsBudget(ratio, budget) ? 'pass' : '**miss**');
const bound = (budget: Budget) => `${budget.kind === 'at-least' ? '≥' : '≤'} ${budget.ratio.toFixed(2)}×`;

/** `ratio vs recovery (ratio vs raw without)`, judged on the first. */
function judged(name: string, budget: Budget, vsRecovery: number, vsRaw?: number): string {
  const without = vsRaw === undefined ? '' : ` (${formatRatio(vsRaw)} vs raw without recovery)`;
  return `${name} ${formatRatio(vsRecovery)}${without} — ${verdict(vsRecovery, budget)} (budget ${bound(budget)})`;
}

function socketIoLines(run: ProviderRun): string[] {
  const row = (index: number | undefined) => (index === undefined ? undefined : run.results[index]);
  const reference = row(run.rawRecovery) as RigResult;
  const raw = row(run.raw) as RigResult;
  const ours = row(run.switchboard) as RigResult;
  const machinery = row(run.machinery) as RigResult;
  const floor = row(run.memoryFloor);
  const lines = [
    `- Socket.IO, Switchboard’s own machinery (validation off on both ends): ${judged(
      'CPU per message',
      { kind: 'at-most', ratio: 1.05 },
      machinery.cpuPerMessage / reference.cpuPerMessage,
      machinery.cpuPerMessage / raw.cpuPerMessage,
    )}`,
    `- Socket.IO, default settings (validation policy \`'both'\`): ${judged(
      'CPU per message',
      { kind: 'at-most', ratio: 1.25 },
      ours.cpuPerMessage / reference.cpuPerMessage,
      ours.cpuPerMessage / raw.cpuPerMessage,
    )}; ${judged('throughput', { kind: 'at-least', ratio: 0.85 }, ours.throughput / reference.throughput, ours.throughput / raw.throughput)}; ${judged(
      'p99',
      { kind: 'at-most', ratio: 1.1 },
      ours.p99 / reference.p99,
      ours.p99 / raw.p99,
    )}`,
  ];
  if (floor) {
    const pass = floor.cpuPerMessage <= 4;
    lines.push(
      `- Memory adapter (core alone, validation off): ${formatMicroseconds(floor.cpuPerMessage)} CPU per publish+deliver, bench harness included — ${pass ? 'pass' : '**miss**'} (budget ≤ 4 µs)`,
    );
  }
  return lines;
}

function vendorLine(run: ProviderRun): string {
  const raw = run.results[run.raw] as RigResult;
  const ours = run.results[run.switchboard] as RigResult;
  const machinery = run.results[run.machinery] as RigResult;
  const budget: Budget = { kind: 'at-most', ratio: 1.05 };
  return (
    `- ${run.provider}: ${judged('CPU per message with default validation', budget, ours.cpuPerMessage / raw.cpuPerMessage)}; ` +
    `with validation off ${formatRatio(machinery.cpuPerMessage / raw.cpuPerMessage)} — ${verdict(machinery.cpuPerMessage / raw.cpuPerMessage, budget)} (vs the raw SDKs)`
  );
}

export function summarize(outcome: RunOutcome): string {
  const lines = [
    '## Budgets at a glance',
    '',
    'Judged against raw Socket.IO **with** connection-state recovery (which the hub always enables); the ratio against raw ' +
      'Socket.IO without it is shown in parentheses. CPU per message is the robust figure on a shared machine.',
    '',
  ];
  const overhead = outcome.overhead ?? [];
  const socketIo = overhead.find((run) => run.provider === 'Socket.IO');
  if (socketIo) lines.push(...socketIoLines(socketIo));
  else lines.push('- Socket.IO hot path and memory adapter: not measured in this run (`--only=overhead`)');
  if (outcome.fanOut && outcome.fanOut.length > 0) {
    for (const size of outcome.fanOut) {
      lines.push(
        `- Fan-out to ${size.subscribers.toLocaleString('en-US')} subscribers: ${judged('time to last delivery', { kind: 'at-most', ratio: 1.1 }, size.vsRecovery, size.vsRaw)}`,
      );
    }
  } else {
    lines.push('- Fan-out to 1,000 / 5,000 / 10,000 subscribers (≤ 1.10×): not measured in this run (`--only=fan-out`)');
  }
  lines.push(
    outcome.heapPerConnection === undefined
      ? '- Hub heap per idle connection (≤ 1.10× raw Socket.IO): not measured in this run (`--only=memory`)'
      : `- Hub heap per idle connection: ${judged('', { kind: 'at-most', ratio: 1.1 }, outcome.heapPerConnection.vsRecovery, outcome.heapPerConnection.vsRaw).trim()}`,
  );
  for (const run of overhead) if (run.provider !== 'Socket.IO') lines.push(vendorLine(run));
  if (!overhead.some((run) => run.provider !== 'Socket.IO'))
    lines.push('- Pusher and Ably (CPU ≤ 1.05× the raw SDKs): not measured in this run');
  if (outcome.bundleMisses) {
    lines.push(
      outcome.bundleMisses.length === 0
        ? '- Bundle: every provider within vendor SDK + 3 KiB — pass'
        : `- Bundle: over vendor SDK + 3 KiB for ${outcome.bundleMisses.join(', ')} — **miss** (\`pnpm size\` guards against growth meanwhile)`,
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
