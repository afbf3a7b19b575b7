/**
 * What the publisher itself sees of its health, whatever the provider: batches in their retry loop
 * (`retrying`), publishes that ran out of retries lately (`publish-failing`), an outbox holding more
 * than a threshold (`outbox-backlog`), plus per-second rates for `stats()`.
 */

import type { BatchReport } from '../batching.js';
import { isRetriable } from '../retry.js';
import type { ObservedSend, PublishObserver } from '../telemetry/publish-observer.js';
import { type HealthReason, healthReason } from './health-report.js';
import type { MessageRates } from './provider-stats.js';
import { RateWindow } from './rate-window.js';

/** Thresholds of a publisher's health. */
export interface PublishHealthOptions {
  /**
   * An outbox holding more messages than this makes the publisher `degraded`.
   * @default 1000
   */
  outboxBacklogThreshold?: number;
  /**
   * A publish that failed for good within this window makes the publisher `degraded`.
   * @default 60000
   */
  failureWindowMs?: number;
}

/** The publisher's own health tracking; an observer of its sends. */
export interface PublishHealth extends PublishObserver {
  /** Reasons from what the publisher saw, given the outbox's size (when known). */
  reasons(outboxBacklog: number | undefined): HealthReason[];
  /** Per-second rates over the last minute. */
  rates(): MessageRates;
  /** Totals since creation. */
  totals(): { published: number; retries: number; failed: number };
}

export function createPublishHealth(options: PublishHealthOptions = {}, now: () => number = Date.now): PublishHealth {
  const backlogThreshold = options.outboxBacklogThreshold ?? 1000;
  const failureWindowMs = options.failureWindowMs ?? 60_000;
  const published = new RateWindow(now);
  const retries = new RateWindow(now);
  const failed = new RateWindow(now);
  let retrying = 0;
  let lastFailure: { at: number; message: string } | undefined;

  /** One send's view; a class, so a send costs one small object and no closures. */
  class TrackedSend implements ObservedSend {
    private inRetry = false;
    attempt(attempt: number) {
      if (attempt > 0) retries.add(1);
    }
    attemptFailed(error: unknown) {
      // Retriable: the send waits for its next attempt (or ends, which clears this).
      if (this.inRetry || !isRetriable(error)) return;
      this.inRetry = true;
      retrying += 1;
    }
    end(report: BatchReport) {
      if (this.inRetry) retrying -= 1;
      published.add(report.delivered.length);
      if (report.failed.length === 0) return;
      failed.add(report.failed.length);
      const error = report.failed[0]?.error;
      lastFailure = { at: now(), message: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    send: () => new TrackedSend(),
    reasons(outboxBacklog) {
      const reasons: HealthReason[] = [];
      if (retrying > 0) reasons.push(healthReason('retrying', 'degraded', `${retrying} send(s) are being retried`));
      if (lastFailure && now() - lastFailure.at <= failureWindowMs) {
        reasons.push(healthReason('publish-failing', 'degraded', `A publish failed for good: ${lastFailure.message}`));
      }
      if (outboxBacklog !== undefined && outboxBacklog > backlogThreshold) {
        reasons.push(
          healthReason('outbox-backlog', 'degraded', `The outbox holds ${outboxBacklog} messages (threshold ${backlogThreshold})`),
        );
      }
      return reasons;
    },
    rates: () => ({
      publishedPerSecond: published.perSecond(),
      retriesPerSecond: retries.perSecond(),
      failedPerSecond: failed.perSecond(),
    }),
    totals: () => ({ published: published.total, retries: retries.total, failed: failed.total }),
  };
}
