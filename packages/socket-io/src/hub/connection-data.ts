import type { AuthUser } from '@switchboard/core';
import type { Socket } from 'socket.io';

/**
 * What the hub keeps on each socket. It lives in `socket.data`, which connection-state recovery
 * restores (from memory or Redis), so a recovered connection keeps its user and presence.
 */
export interface ConnectionData {
  user: AuthUser | undefined;
  /** Channels this connection entered presence on, with its member data. */
  presence: Record<string, unknown>;
}

export function connectionData(socket: Socket): ConnectionData {
  const data = socket.data as Partial<ConnectionData> | undefined;
  if (!data || typeof data !== 'object' || !data.presence) {
    socket.data = { user: data?.user, presence: {} } satisfies ConnectionData;
  }
  return socket.data as ConnectionData;
}
