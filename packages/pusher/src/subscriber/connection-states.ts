/** pusher-js connection states → Switchboard's ConnectionState. */
import type { ConnectionState } from '@switchboard/core/adapter';

const STATES: Partial<Record<string, ConnectionState>> = { initialized: 'idle', connected: 'connected', unavailable: 'disconnected' };

/**
 * `hasConnected` tells a first connection from a reconnection. Our own `close()` never gets here (the
 * kit's close guard), so `disconnected` is pusher-js giving up (it stops after close codes 4001–4099).
 */
export function mapPusherState(state: string, hasConnected: boolean): ConnectionState {
  if (state === 'connecting') return hasConnected ? 'reconnecting' : 'connecting';
  return STATES[state] ?? 'failed';
}
