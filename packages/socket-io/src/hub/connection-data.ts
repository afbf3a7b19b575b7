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
  /** Channels the hub granted this connection (subscribe accepted), not the rooms it happens to be in. */
  subscriptions: string[];
  /** When the token the connection was opened with was issued (seconds): revocations before it do not apply. */
  issuedAt?: number | undefined;
}

export function connectionData(socket: Socket): ConnectionData {
  const data = socket.data as Partial<ConnectionData> | undefined;
  if (!data || typeof data !== 'object' || !data.presence || !Array.isArray(data.subscriptions)) {
    socket.data = {
      user: data?.user,
      presence: data?.presence ?? {},
      subscriptions: Array.isArray(data?.subscriptions) ? data.subscriptions : [],
    } satisfies ConnectionData;
  }
  return socket.data as ConnectionData;
}
