/**
 * What a provider supplies to run the fault scenarios: real clients on its real server or
 * emulator, and the faults that server can inject. Like the conformance harness, one rig per
 * adapter; the scenarios never special-case a provider by name.
 */
import type { ChannelRef, PublisherCoreOptions, RealtimePublisher, SubscriberTransport } from '@switchboard/core';

/** Kinds of malformed inbound frame a subscriber must survive. */
export type MalformedFrameKind = 'invalid-json' | 'wrong-envelope' | 'oversized' | 'unknown-event';

/** Every {@link MalformedFrameKind}, in the order the scenario injects them. */
export const MALFORMED_FRAME_KINDS: readonly MalformedFrameKind[] = ['invalid-json', 'wrong-envelope', 'oversized', 'unknown-event'];

/** What became of an injected frame. */
export interface InjectionResult {
  /** False when the provider itself refused the frame, so no subscriber could ever see it. */
  reached: boolean;
  /** Why it did not reach subscribers (for the report). */
  note?: string;
}

/** One provider set up for the fault scenarios: real clients on its real server or emulator, with fault hooks. */
export interface FaultRig {
  /** Provider label for reports, e.g. `socket-io + Redis`. */
  readonly name: string;
  /** A publisher on the rig; `options` are core options (retry, outbox). */
  publisher(options?: PublisherCoreOptions): RealtimePublisher;
  /** A fresh, anonymous subscriber transport on the rig (core wraps it). */
  subscriberTransport(): SubscriberTransport;
  /** Drops every subscriber connection at the server; resolves once they are down. They reconnect on their own. */
  dropConnections(): Promise<void>;
  /** Makes the publish endpoint answer HTTP `status` (or the provider's equivalent) until the returned function is called. */
  failPublishes(status: number): () => void;
  /** Puts a malformed frame of `kind` on `channel`, bypassing every publisher check. */
  injectMalformed?(channel: ChannelRef, kind: MalformedFrameKind): Promise<InjectionResult>;
  /** Stops servers and clients the rig started. */
  teardown(): Promise<void>;
}
