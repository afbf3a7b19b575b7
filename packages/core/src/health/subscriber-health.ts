/**
 * A subscriber's health, from what it reports: the connection state (reconnecting, failed) and
 * connection-level errors — an auth endpoint that refuses or cannot be reached is
 * `token-refresh-failing`, the subscriber's side of the publisher's `health()` reasons.
 */
import type { RealtimeError } from '../errors.js';
import type { RealtimeSubscriber } from '../subscriber/subscriber-types.js';
import type { ConnectionState, HealthReport } from '../transport.js';
import { type HealthReason, healthReason, worstStatus } from './health-report.js';

/** A running watch of one subscriber. */
export interface SubscriberHealthWatch {
  /** The subscriber's health now. */
  health(): HealthReport;
  /** Stops listening to the subscriber. */
  stop(): void;
}

/** Options of {@link watchSubscriberHealth}. */
export interface SubscriberHealthOptions {
  /**
   * A credential failure older than this no longer counts once the connection is back.
   * @default 60000
   */
  credentialFailureWindowMs?: number;
  /** The provider's name, as the report shows it. @default 'unknown' until the subscriber says */
  provider?: string;
}

/** True for an error that came from fetching or renewing credentials rather than from a channel. */
function isCredentialFailure(error: RealtimeError): boolean {
  if (error.code === 'UNAUTHORIZED') return true;
  if (typeof error.details?.status === 'number') return true;
  return /auth endpoint|token/i.test(error.message);
}

const stateReasons: Partial<Record<ConnectionState, HealthReason>> = {
  connecting: healthReason('connection-lost', 'degraded', 'The connection is being opened'),
  reconnecting: healthReason('connection-lost', 'degraded', 'The connection was lost; reconnecting'),
  disconnected: healthReason('connection-lost', 'unhealthy', 'The connection is down and waiting to retry'),
  failed: healthReason('connection-lost', 'unhealthy', 'The connection failed and will not retry'),
  closed: healthReason('not-running', 'unhealthy', 'The subscriber is closed'),
};

/**
 * Watches a subscriber's connection and errors and answers `healthy | degraded | unhealthy` with
 * reasons: `connection-lost` while reconnecting or down, `token-refresh-failing` when fetching
 * credentials failed lately.
 */
export function watchSubscriberHealth(subscriber: RealtimeSubscriber, options: SubscriberHealthOptions = {}): SubscriberHealthWatch {
  const windowMs = options.credentialFailureWindowMs ?? 60_000;
  let credentialFailure: { at: number; message: string } | undefined;
  const note = (error: RealtimeError | undefined, channel?: string) => {
    if (!error) return;
    // A channel's error counts when its credentials could not be fetched (Pusher authorizes per channel);
    // a refusal by the rules (FORBIDDEN) or a bad message on a channel does not.
    const fetchFailed = typeof error.details?.status === 'number' || /auth endpoint/i.test(error.message);
    if (channel === undefined ? isCredentialFailure(error) : fetchFailed && error.code !== 'FORBIDDEN') {
      credentialFailure = { at: Date.now(), message: error.message };
    }
  };
  const stopState = subscriber.onStateChange((change) => {
    note(change.reason);
    // Connected again after the failure: credentials work now.
    if (change.current === 'connected' && credentialFailure && change.previous !== 'connected') credentialFailure = undefined;
  });
  const stopErrors = subscriber.onError((error, context) => note(error, context.channel));
  return {
    health() {
      const state = subscriber.state;
      const reasons: HealthReason[] = [];
      const fromState = stateReasons[state];
      if (fromState) reasons.push(fromState);
      if (credentialFailure && Date.now() - credentialFailure.at <= windowMs) {
        reasons.push(healthReason('token-refresh-failing', 'degraded', `Fetching credentials failed: ${credentialFailure.message}`));
      }
      return {
        status: worstStatus(...reasons.map((reason) => reason.status)),
        reasons,
        provider: options.provider ?? 'unknown',
        details: { state, connectionId: subscriber.connectionId },
      };
    },
    stop() {
      stopState();
      stopErrors();
    },
  };
}
