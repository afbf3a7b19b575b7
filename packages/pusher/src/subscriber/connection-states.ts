/** pusher-js connection states → Switchboard's ConnectionState. */
import type { ConnectionState } from '@switchboard/core/adapter';

/**
 * `hasConnected` tells a first connection from a reconnection; `closing` tells our own `close()`
 * from pusher-js giving up (it stops after close codes 4001–4099).
 */
export function mapPusherState(state: string, hasConnected: boolean, closing: boolean): ConnectionState {
  switch (state) {
    case 'initialized':
      return 'idle';
    case 'connecting':
      return hasConnected ? 'reconnecting' : 'connecting';
    case 'connected':
      return 'connected';
    case 'unavailable':
      return 'disconnected';
    case 'disconnected':
      return closing ? 'closed' : 'failed';
    default:
      return 'failed';
  }
}
