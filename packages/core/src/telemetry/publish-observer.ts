/**
 * The seam between the publisher and whoever watches it (health tracking, OpenTelemetry): one
 * observer per publisher option, told when a batch is handed over, each attempt, and the outcome.
 * Observers must not throw and must not slow the send: they only count and record.
 */
import type { BatchReport } from '../batching.js';
import type { OutboundMessage } from '../transport.js';

/** One send of a batch, from its first attempt to its outcome. */
export interface ObservedSend {
  /** An attempt is about to go out; `attempt` 0 is the first, later ones are retries. */
  attempt(attempt: number, messages: readonly OutboundMessage[]): void;
  /** An attempt failed (wholly, or for some messages): `error` is the first failure. */
  attemptFailed(error: unknown): void;
  /** The send ended: what was delivered and what failed. */
  end(report: BatchReport): void;
}

/** Watches a publisher. */
export interface PublishObserver {
  /**
   * A batch is about to be numbered, recorded and sent: the observer may add fields to the
   * envelopes here (trace context), before the outbox or history store them.
   */
  prepared?(messages: readonly OutboundMessage[]): void;
  /** A batch was recorded in the outbox before its first attempt. */
  recorded?(messages: readonly OutboundMessage[]): void;
  /** A send of a batch starts (with retries); returns what follows its attempts. */
  send(messages: readonly OutboundMessage[], provider: string): ObservedSend;
}

/** One observer that tells every observer given. */
export function combineObservers(observers: readonly PublishObserver[]): PublishObserver {
  // One observer (a publisher without telemetry): itself, so a send allocates no fan-out per message.
  if (observers.length === 1) return observers[0] as PublishObserver;
  return {
    prepared(messages) {
      for (const observer of observers) observer.prepared?.(messages);
    },
    recorded(messages) {
      for (const observer of observers) observer.recorded?.(messages);
    },
    send(messages, provider) {
      const sends = observers.map((observer) => observer.send(messages, provider));
      return {
        attempt(attempt, batch) {
          for (const send of sends) send.attempt(attempt, batch);
        },
        attemptFailed(error) {
          for (const send of sends) send.attemptFailed(error);
        },
        end(report) {
          for (const send of sends) send.end(report);
        },
      };
    },
  };
}
