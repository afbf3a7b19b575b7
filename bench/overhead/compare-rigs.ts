/**
 * Runs several rigs against each other in one process: every rig is set up and warmed first, then
 * the rounds interleave them (A B, then B A...), so a burst of load from elsewhere on the machine
 * hits every side alike instead of whichever happened to run at that moment.
 */
import { median, percentile } from '../lib/stats.js';
import { MeasuredRig, type RigFactory } from './delivery-rig.js';

export interface RigPlan {
  /** Interleaved rounds; throughput is the median over them, latencies are pooled. */
  rounds: number;
  /** Messages per throughput run. */
  messages: number;
  /** Published-but-undelivered messages allowed at once. */
  window: number;
  /** One-at-a-time messages per latency run. */
  latencySamples: number;
  /** Messages sent through each rig before measuring (JIT, connection pools). */
  warmup: number;
  /** How long delivery may make no progress before the missing messages count as lost. */
  stallMs: number;
}

export interface RigResult {
  label: string;
  /** Median messages per second over the rounds. */
  throughput: number;
  /** Every round's throughput, to show the spread. */
  throughputs: number[];
  /** Median process CPU time per message over the rounds, in µs. */
  cpuPerMessage: number;
  /** Messages accepted by the provider but never delivered, over every run. */
  lost: number;
  p50: number;
  p99: number;
}

export async function compareRigs(sides: ReadonlyArray<{ label: string; create: RigFactory }>, plan: RigPlan): Promise<RigResult[]> {
  const rigs: MeasuredRig[] = [];
  try {
    for (const side of sides) rigs.push(new MeasuredRig(await side.create()));
    for (const rig of rigs) {
      await rig.throughput(plan.warmup, plan.window, plan.stallMs);
      await rig.latencies(Math.min(50, plan.warmup), plan.stallMs);
    }
    const throughputs = sides.map(() => [] as number[]);
    const cpu = sides.map(() => [] as number[]);
    const lost = sides.map(() => 0);
    const latencies = sides.map(() => [] as number[]);
    for (let round = 0; round < plan.rounds; round += 1) {
      const order = rigs.map((_, index) => index);
      if (round % 2 === 1) order.reverse();
      for (const index of order) {
        const rig = rigs[index] as MeasuredRig;
        const sample = await rig.throughput(plan.messages, plan.window, plan.stallMs);
        throughputs[index]?.push(sample.perSecond);
        cpu[index]?.push(sample.cpuMicrosecondsPerMessage);
        const latency = await rig.latencies(plan.latencySamples, plan.stallMs);
        latencies[index]?.push(...latency.samples);
        lost[index] = (lost[index] ?? 0) + sample.lost + latency.lost;
      }
    }
    return sides.map((side, index) => ({
      label: side.label,
      throughput: median(throughputs[index] ?? []),
      throughputs: throughputs[index] ?? [],
      cpuPerMessage: median(cpu[index] ?? []),
      lost: lost[index] ?? 0,
      p50: percentile(latencies[index] ?? [], 0.5),
      p99: percentile(latencies[index] ?? [], 0.99),
    }));
  } finally {
    for (const rig of rigs) await rig.close().catch(() => {});
  }
}
