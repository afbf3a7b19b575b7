/**
 * Publishes numbered messages at a steady rate, a bounded number in flight, and fires faults when
 * the stream reaches given points. When the provider stalls, the stream falls behind and catches up
 * afterwards, as a real producer with backpressure would.
 */
import type { DeliveryLedger } from './delivery-ledger.js';

/** A fault to fire when message number `atIndex` is about to be published. */
/** Something to do (a fault to inject) once the stream reaches a message. */
export interface StreamMilestone {
  /** The message number at which to run it. */
  atIndex: number;
  /** The action; awaited before the stream ends, not before it continues. */
  run: () => Promise<unknown> | unknown;
}

/** Options of {@link publishSteadily}. */
export interface SteadyStreamOptions {
  /** How many messages to publish. */
  count: number;
  /** Target rate. */
  ratePerSecond: number;
  /**
   * Publishes in flight at once.
   * @default 16
   */
  concurrency?: number;
  /** Publishes message `n`; resolves once the provider accepted it. */
  publish: (n: number) => Promise<unknown>;
  /** Where publishes are recorded. */
  ledger: DeliveryLedger;
  /** Actions to run along the way. */
  milestones?: readonly StreamMilestone[];
}

/** How the stream went. */
export interface StreamResult {
  /** Wall time from the first publish to the last settled one. */
  durationMs: number;
  /** Messages per second actually achieved. */
  achievedRate: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Publishes `count` numbered messages at a steady rate with bounded concurrency, running milestones on the way. */
export async function publishSteadily(options: SteadyStreamOptions): Promise<StreamResult> {
  const concurrency = options.concurrency ?? 16;
  const intervalMs = 1000 / options.ratePerSecond;
  const milestones = [...(options.milestones ?? [])].sort((left, right) => left.atIndex - right.atIndex);
  const faults: Array<Promise<unknown>> = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let next = 0;

  const launch = (n: number) => {
    while (milestones[0] && milestones[0].atIndex <= n) {
      const milestone = milestones.shift();
      if (milestone) faults.push(Promise.resolve().then(milestone.run));
    }
    const handle = options.ledger.publishing(n);
    const flight: Promise<void> = options.publish(n).then(
      () => handle.accepted(),
      (error: unknown) => handle.failed(error),
    );
    const tracked = flight.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  while (next < options.count) {
    const due = Math.min(options.count, Math.floor((Date.now() - started) / intervalMs) + 1);
    while (next < due && inFlight.size < concurrency) launch(next++);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    else if (next < options.count) await pause(started + next * intervalMs - Date.now());
  }
  await Promise.all(inFlight);
  await Promise.all(faults);
  const durationMs = Date.now() - started;
  return { durationMs, achievedRate: Math.round((options.count * 1000) / Math.max(1, durationMs)) };
}
