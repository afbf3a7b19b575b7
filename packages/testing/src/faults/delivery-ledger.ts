/**
 * The bookkeeping of a fault scenario: which numbered messages were published and accepted, which
 * each subscriber received (and how often), and which gaps it was told about. A message a
 * subscriber never received counts as lost unless a gap reported on its channel covers it.
 */
import type { ChannelRef, GapInfo, RealtimeError, RealtimeSubscriber } from '@switchboard/core';

interface SentMessage {
  calledAt: number;
  acceptedAt: number | undefined;
  failed: RealtimeError | Error | undefined;
}

interface GapWindow {
  from: number;
  reportedAt: number;
  reason: GapInfo['reason'];
}

interface Observation {
  label: string;
  deliveries: Map<number, number>;
  recovered: number;
  gaps: GapWindow[];
  errors: RealtimeError[];
  leftConnectedAt: number | undefined;
  stop: () => void;
}

/** What one scenario found, summed over its subscribers. */
export interface DeliveryTally {
  /** Subscribers observed. */
  subscribers: number;
  /** Messages the provider accepted. */
  sent: number;
  /** Publishes that rejected (retries and deadline exhausted). */
  publishFailed: number;
  /** Distinct messages received, summed over subscribers. */
  delivered: number;
  /** Extra copies handed to application handlers (must be 0: core de-duplicates). */
  duplicates: number;
  /** Gap events received, summed over subscribers. */
  gapsReported: number;
  /** Messages not received but covered by a reported gap. */
  coveredByGap: number;
  /** Messages not received and not covered by any gap: silently missing (must be 0). */
  lost: number;
  /** Deliveries flagged `meta.recovered`. */
  recovered: number;
  /** Errors reported to `onError` listeners. */
  errors: number;
  /** Up to ten lost message numbers, for the failure message. */
  lostSample: number[];
}

/** Options of a {@link DeliveryLedger}. */
export interface LedgerOptions {
  /**
   * A gap covers messages accepted from this long before the connection was seen lost: frames in
   * flight when a socket dies are lost with it, before the client can notice.
   * @default 1000
   */
  inFlightAllowanceMs?: number;
}

/**
 * Records what was published and what each observed subscriber received, then tells delivered from
 * duplicated, from covered by a reported gap, from silently lost.
 */
export class DeliveryLedger {
  private readonly sent = new Map<number, SentMessage>();
  private readonly observations: Observation[] = [];
  private readonly allowanceMs: number;
  private lastActivityAt = Date.now();

  constructor(options: LedgerOptions = {}) {
    this.allowanceMs = options.inFlightAllowanceMs ?? 1000;
  }

  /** Records a publish call for message `n`; resolve or reject the returned handle when it settles. */
  publishing(
    n: number,
    calledAt = Date.now(),
  ): {
    /** The provider accepted message `n`. */
    accepted(at?: number): void;
    /** Publishing message `n` failed for good. */
    failed(error: unknown): void;
  } {
    const entry: SentMessage = { calledAt, acceptedAt: undefined, failed: undefined };
    this.sent.set(n, entry);
    return {
      accepted: (at = Date.now()) => {
        entry.acceptedAt = at;
      },
      failed: (error) => {
        entry.failed = error instanceof Error ? error : new Error(String(error));
      },
    };
  }

  /** Subscribes `subscriber` to the `tick` events of `channel` and records what it sees. */
  observe(label: string, subscriber: RealtimeSubscriber, channel: ChannelRef): Promise<void> {
    const observation: Observation = {
      label,
      deliveries: new Map(),
      recovered: 0,
      gaps: [],
      errors: [],
      leftConnectedAt: undefined,
      stop: () => {},
    };
    const stopState = subscriber.onStateChange((change) => {
      if (change.previous === 'connected' && change.current !== 'connected') observation.leftConnectedAt = Date.now();
    });
    const stopErrors = subscriber.onError((error) => observation.errors.push(error));
    const subscription = subscriber.subscribe(
      channel,
      {
        tick: (data: { n: number }, meta: { recovered: boolean }) => {
          this.lastActivityAt = Date.now();
          observation.deliveries.set(data.n, (observation.deliveries.get(data.n) ?? 0) + 1);
          if (meta.recovered) observation.recovered += 1;
        },
      } as never,
      {
        onGap: (gap) => {
          const reportedAt = Date.now();
          this.lastActivityAt = reportedAt;
          observation.gaps.push({ from: gap.since ?? observation.leftConnectedAt ?? 0, reportedAt, reason: gap.reason });
        },
      },
    );
    observation.stop = () => {
      stopState();
      stopErrors();
      subscription.unsubscribe();
    };
    this.observations.push(observation);
    return subscription.ready;
  }

  /** True once every subscriber received, or was told it may have missed, every accepted message. */
  settled(): boolean {
    return this.observations.every((observation) => this.missingOf(observation).uncovered.length === 0);
  }

  /** Deliveries (copies included) each subscriber's handler received so far, in observation order. */
  deliveryCounts(): number[] {
    return this.observations.map((observation) => [...observation.deliveries.values()].reduce((sum, count) => sum + count, 0));
  }

  /** Milliseconds since the last delivery or gap on any subscriber. */
  quietForMs(): number {
    return Date.now() - this.lastActivityAt;
  }

  /** Errors each subscriber's `onError` heard, by subscriber label. */
  errorsBySubscriber(): Map<string, RealtimeError[]> {
    return new Map(this.observations.map((observation) => [observation.label, [...observation.errors]]));
  }

  /** Sums what every observed subscriber received against what was sent. */
  tally(): DeliveryTally {
    const accepted = [...this.sent.values()].filter((entry) => entry.acceptedAt !== undefined);
    const tally: DeliveryTally = {
      subscribers: this.observations.length,
      sent: accepted.length,
      publishFailed: [...this.sent.values()].filter((entry) => entry.failed).length,
      delivered: 0,
      duplicates: 0,
      gapsReported: 0,
      coveredByGap: 0,
      lost: 0,
      recovered: 0,
      errors: 0,
      lostSample: [],
    };
    for (const observation of this.observations) {
      for (const [n, count] of observation.deliveries) {
        if (!this.sent.has(n)) continue;
        tally.delivered += 1;
        tally.duplicates += count - 1;
      }
      const { covered, uncovered } = this.missingOf(observation);
      tally.coveredByGap += covered;
      tally.lost += uncovered.length;
      if (tally.lostSample.length < 10) tally.lostSample.push(...uncovered.slice(0, 10 - tally.lostSample.length));
      tally.gapsReported += observation.gaps.length;
      tally.recovered += observation.recovered;
      tally.errors += observation.errors.length;
    }
    return tally;
  }

  /** Stops observing; subscribers stay open (their owner closes them). */
  stop(): void {
    for (const observation of this.observations) observation.stop();
  }

  private missingOf(observation: Observation): { covered: number; uncovered: number[] } {
    let covered = 0;
    const uncovered: number[] = [];
    for (const [n, entry] of this.sent) {
      if (entry.acceptedAt === undefined || observation.deliveries.has(n)) continue;
      const acceptedAt = entry.acceptedAt;
      const gap = observation.gaps.some((window) => entry.calledAt <= window.reportedAt && acceptedAt >= window.from - this.allowanceMs);
      if (gap) covered += 1;
      else uncovered.push(n);
    }
    return { covered, uncovered };
  }
}
