/** Ably's connection states mapped to Switchboard's one union. */
import type { ConnectionState } from '@switchboard/core/adapter';
import type * as Ably from 'ably';

/**
 * `disconnected` is a short outage Ably retries at once (reconnecting); `suspended` is a long one it
 * retries slowly (disconnected). A `connecting` after the first connection is a reconnect.
 */
export function mapConnectionState(state: Ably.ConnectionState, hasConnectedBefore: boolean): ConnectionState {
  switch (state) {
    case 'initialized':
      return 'idle';
    case 'connecting':
      return hasConnectedBefore ? 'reconnecting' : 'connecting';
    case 'connected':
      return 'connected';
    case 'disconnected':
      return 'reconnecting';
    case 'suspended':
      return 'disconnected';
    case 'failed':
      return 'failed';
    default:
      return 'closed';
  }
}
