/**
 * Health that means something: a status, and the reasons behind it, the same on every provider.
 * Transports report what only they can see (Redis down, the provider unreachable); core adds what
 * it sees while publishing (retries, failing publishes, an outbox backlog) — see publish-health.ts.
 */

/** `healthy`, `degraded` (working with trouble), or `unhealthy` (cannot deliver). */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/**
 * Why a report is not `healthy`:
 * - `retrying`: publishes are being retried right now;
 * - `publish-failing`: recent publishes ran out of retries;
 * - `outbox-backlog`: the outbox holds more messages than the threshold;
 * - `token-refresh-failing`: credentials could not be fetched or renewed;
 * - `redis-down`: Redis (scale-out, emitter or outbox) does not answer;
 * - `provider-unreachable`: the provider's API or hub does not answer;
 * - `not-running`: the hub is not listening (or closed);
 * - `connection-lost`: a subscriber is reconnecting or disconnected;
 * - `misconfigured`: a store or provider refuses its configuration (publishes fail until it is fixed).
 */
export type HealthReasonCode =
  | 'retrying'
  | 'publish-failing'
  | 'outbox-backlog'
  | 'token-refresh-failing'
  | 'redis-down'
  | 'provider-unreachable'
  | 'not-running'
  | 'connection-lost'
  | 'misconfigured';

/** One reason a report is `degraded` or `unhealthy`. */
export interface HealthReason {
  /** What is wrong, as a stable code. */
  code: HealthReasonCode;
  /** The status this reason alone implies. */
  status: Exclude<HealthStatus, 'healthy'>;
  /** What is wrong, in plain words. */
  message: string;
}

const rank: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** The worse of the statuses given. */
export function worstStatus(...statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, status) => (rank[status] > rank[worst] ? status : worst), 'healthy');
}

/** A reason, built in one call. */
export const healthReason = (code: HealthReasonCode, status: HealthReason['status'], message: string): HealthReason => ({
  code,
  status,
  message,
});
