/** What a subscriber reports about one live provider switch (`onProviderChange`). */
import type { RealtimeError } from '../errors.js';

/** One live provider switch: done (with how long it took) or failed (the subscriber stayed). */
export interface ProviderChange {
  /** The provider the subscriber was on. */
  from: string;
  /** The provider the endpoint named. */
  to: string;
  /** Why the endpoint was asked again: an announcement, a reconnect or a credential refresh. */
  trigger: 'announcement' | 'reconnect' | 'credential';
  /** From noticing the change to delivering from `to` (the old connection is closed right after). */
  durationMs: number;
  /** Set when the switch failed or was rolled back: the subscriber keeps its current provider. */
  error?: RealtimeError | undefined;
}
