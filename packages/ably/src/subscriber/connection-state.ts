/** Ably's connection states mapped to Switchboard's one union. */
import type { ConnectionState } from '@switchboard/core/adapter';
import type * as Ably from 'ably';

const STATES: Partial<Record<string, ConnectionState>> = {
  initialized: 'idle',
  connected: 'connected',
  disconnected: 'reconnecting',
  suspended: 'disconnected',
  failed: 'failed',
};

/**
 * `disconnected` is a short outage Ably retries at once (reconnecting); `suspended` is a long one it
 * retries slowly (disconnected). A `connecting` after the first connection is a reconnect.
 */
export function mapConnectionState(state: Ably.ConnectionState, hasConnectedBefore: boolean): ConnectionState {
  if (state === 'connecting') return hasConnectedBefore ? 'reconnecting' : 'connecting';
  return STATES[state] ?? 'closed';
}
