/**
 * The connection-state machine of a subscriber transport: the current state, listeners whose
 * registration returns the function that removes them, transitions that skip repeats, and the close
 * guard — once `closed`, no vendor event moves the state again.
 */
import type { ConnectionState, StateChange } from '../transport.js';

/** What a transport keeps of its connection state; see {@link createConnectionState}. */
export interface ConnectionStateMachine {
  /** The current state; `idle` until the first transition. */
  current(): ConnectionState;
  /**
   * Moves to `next` and tells every listener, with the reason and the vendor's raw event. Does
   * nothing when the state is already `next` (unless a reason comes with it) or `closed`.
   */
  set(next: ConnectionState, reason?: StateChange['reason'], raw?: unknown): void;
  /** Listens to transitions; returns the function that stops listening. */
  onChange(listener: (change: StateChange) => void): () => void;
}

/** A connection-state machine starting at `idle`, for `SubscriberTransport.state` and `onStateChange`. */
export function createConnectionState(): ConnectionStateMachine {
  const listeners = new Set<(change: StateChange) => void>();
  let state: ConnectionState = 'idle';
  return {
    current: () => state,
    set(current, reason, raw) {
      const previous = state;
      // A repeat is told only with a new reason (a token refresh failing again while reconnecting).
      if ((previous === current && !reason) || previous === 'closed') return;
      state = current;
      for (const listener of [...listeners]) listener({ current, previous, reason, raw });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
