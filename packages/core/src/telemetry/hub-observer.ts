/**
 * The seam a hub (the Socket.IO hub, or any server that fans messages out) offers telemetry: every
 * broadcast runs through `broadcast`, which may open spans and stamp the envelopes before `run`
 * sends them. Core-only types, so a hub package needs no OpenTelemetry dependency.
 */
import type { Envelope } from '../envelope.js';

/** One message a hub is about to fan out. */
export interface HubBroadcastMessage {
  /** Logical channel name. */
  channel: string;
  /** The envelope, as it will be sent (an observer may set its trace context). */
  envelope: Envelope;
}

/** Watches a hub's broadcasts. */
export interface HubObserver {
  /** Runs one broadcast of `messages`; must call `run` once and pass on its outcome. */
  broadcast(messages: readonly HubBroadcastMessage[], run: () => Promise<void>): Promise<void>;
}
