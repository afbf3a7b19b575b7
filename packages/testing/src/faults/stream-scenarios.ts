/**
 * The stream-shaped fault scenarios: subscribers listen to a steady stream of numbered messages
 * while a fault hits, then the ledger says, per message, whether it arrived once, arrived twice,
 * is covered by a reported gap, or is silently missing.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber, type RetryOptions } from '@switchboard/core';
import { quietPeriod, waitFor } from '../wait.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { freshStream } from './fault-channel.js';
import type { FaultReport } from './fault-report.js';
import type { FaultRig } from './fault-rig.js';
import { historyBed } from './history-rig.js';
import { type TappedTransport, tapTransport } from './raw-tap.js';
import { publishSteadily, type StreamMilestone } from './steady-stream.js';

/** Options of a stream scenario. */
export interface StreamScenarioOptions {
  /**
   * Messages in the stream.
   * @default 1000
   */
  messages?: number;
  /** @default 500 */
  ratePerSecond?: number;
  /**
   * Subscribers, each on its own connection.
   * @default 2
   */
  subscribers?: number;
  /**
   * Publishes in flight at once.
   * @default 16
   */
  concurrency?: number;
  /**
   * The publisher's retry policy: patient enough to ride out the faults.
   * @default { attempts: 40, baseDelayMs: 50, maxDelayMs: 1000, deadlineMs: 45000 }
   */
  retry?: RetryOptions;
  /**
   * How long to wait, after the last publish, for every message to arrive or be covered by a gap.
   * @default 30000
   */
  settleTimeoutMs?: number;
  /** Core's de-duplication window per channel. @default 1000 */
  dedupeWindow?: number;
  /**
   * After the stream, stop waiting once nothing arrived for this long on connected subscribers.
   * @default 3000
   */
  quietMs?: number;
  /**
   * Run with the history store: the publisher appends to a memory store in this process, and the
   * subscribers catch up from it through an in-process auth endpoint. The row's fault says so.
   * @default false
   */
  history?: boolean;
}

/** A retry policy that outlasts the scenarios' outages (45 s deadline). */
export const PATIENT_RETRY: RetryOptions = { attempts: 40, baseDelayMs: 50, maxDelayMs: 1000, deadlineMs: 45_000 };

/** Runs a stream on `rig` with `milestones(count)` fired along the way, and reports what arrived. */
export async function runStreamScenario(
  rig: FaultRig,
  fault: string,
  milestones: (count: number, subscribers: readonly RealtimeSubscriber[], ledger: DeliveryLedger) => StreamMilestone[],
  options: StreamScenarioOptions = {},
): Promise<FaultReport> {
  const count = options.messages ?? 1000;
  const channel = freshStream(fault.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40));
  const ledger = new DeliveryLedger();
  const taps: TappedTransport[] = [];
  const subscribers: RealtimeSubscriber[] = [];
  const history = options.history ? historyBed() : undefined;
  const publisher = rig.publisher({ retry: options.retry ?? PATIENT_RETRY, ...(history ? { history: history.store } : {}) });
  try {
    for (let index = 0; index < (options.subscribers ?? 2); index += 1) {
      const tap = tapTransport(rig.subscriberTransport());
      taps.push(tap);
      subscribers.push(
        createSubscriberFromTransport(tap.transport, {
          dedupeWindow: options.dedupeWindow ?? 1000,
          ...(history ? { history: history.client } : {}),
        }),
      );
    }
    await Promise.all(subscribers.map((subscriber, index) => ledger.observe(`subscriber ${index + 1}`, subscriber, channel)));
    await waitFor(() => subscribers.every((subscriber) => subscriber.state === 'connected'), 15_000, 'every subscriber connected');
    const stream = await publishSteadily({
      count,
      ratePerSecond: options.ratePerSecond ?? 500,
      concurrency: options.concurrency ?? 16,
      ledger,
      milestones: milestones(count, subscribers, ledger),
      publish: (n) => publisher.publish(channel, 'tick', { n }),
    });
    // Settled, or nothing arrived for a while on connected subscribers: what is missing stays missing.
    const settledOrQuiet = () =>
      ledger.settled() ||
      (ledger.quietForMs() > (options.quietMs ?? 3000) && subscribers.every((subscriber) => subscriber.state === 'connected'));
    await waitFor(settledOrQuiet, options.settleTimeoutMs ?? 30_000, 'every message delivered or covered by a gap').catch(() => {
      // The tally names what is missing; the caller asserts on it.
    });
    // Late copies would show up as duplicates: give them a moment.
    await quietPeriod(300);
    const tally = ledger.tally();
    return {
      provider: rig.name,
      fault: history ? `${fault}, with history store` : fault,
      ...tally,
      suppressedDuplicates: taps.reduce((sum, tap) => sum + tap.rawDuplicates(), 0),
      achievedRate: stream.achievedRate,
      durationMs: stream.durationMs,
    };
  } finally {
    await Promise.all(subscribers.map((subscriber) => subscriber.close().catch(() => {})));
    ledger.stop();
    await publisher.close().catch(() => {});
  }
}

/** Resolves when the subscriber's state leaves `connected`. */
function leftConnected(subscriber: RealtimeSubscriber): { promise: Promise<void>; stop: () => void } {
  let stop = () => {};
  const promise = new Promise<void>((resolve) => {
    stop = subscriber.onStateChange((change) => {
      if (change.current !== 'connected') resolve();
    });
  });
  return { promise, stop };
}

/**
 * Fault 1: every subscriber connection dropped `drops` times, evenly spread over the stream. Each
 * drop first waits for the subscribers to be connected again after the previous one, so every drop
 * hits every connection (a provider that reconnects slowly gets its later drops a little later in the
 * stream). Connected, not delivering: a drop may land while channels are still re-attaching, on purpose.
 */
export function runConnectionDrops(rig: FaultRig, options: StreamScenarioOptions & { drops?: number } = {}): Promise<FaultReport> {
  const drops = options.drops ?? 3;
  let previous: Promise<unknown> = Promise.resolve();
  return runStreamScenario(
    rig,
    `connections dropped ×${drops}`,
    (count, subscribers) =>
      Array.from({ length: drops }, (_, index) => ({
        atIndex: Math.floor(((index + 1) * count) / (drops + 1)),
        run: () => {
          previous = previous.then(async () => {
            await waitFor(() => subscribers.every((subscriber) => subscriber.state === 'connected'), 20_000, 'subscribers back');
            const noticed = subscribers.map((subscriber) => leftConnected(subscriber));
            await rig.dropConnections();
            // The next drop must hit the next connection, not the one this drop already killed.
            await Promise.race([Promise.all(noticed.map((wait) => wait.promise)), quietPeriod(5000)]);
            for (const wait of noticed) wait.stop();
          });
          return previous;
        },
      })),
    options,
  );
}

/** Fault 2: the publish endpoint answers `status` for `outageMs`, starting a quarter into the stream. */
export function runPublishOutage(
  rig: FaultRig,
  options: StreamScenarioOptions & { outageMs?: number; status?: number } = {},
): Promise<FaultReport> {
  const outageMs = options.outageMs ?? 2000;
  const status = options.status ?? 503;
  return runStreamScenario(
    rig,
    `publish endpoint ${status} for ${outageMs / 1000} s`,
    (count) => [
      {
        atIndex: Math.floor(count / 4),
        run: async () => {
          const stop = rig.failPublishes(status);
          await new Promise((resolve) => setTimeout(resolve, outageMs));
          stop();
        },
      },
    ],
    options,
  );
}

/** Any other fault, fired `at` (a fraction) into the stream: token expiry, a server restart. */
export function runStreamWithFault(
  rig: FaultRig,
  fault: string,
  inject: () => Promise<unknown>,
  options: StreamScenarioOptions & { at?: number | readonly number[] } = {},
): Promise<FaultReport> {
  const points = Array.isArray(options.at) ? options.at : [options.at ?? 0.5];
  return runStreamScenario(
    rig,
    fault,
    (count) => points.map((point: number) => ({ atIndex: Math.floor(count * point), run: inject })),
    options,
  );
}
