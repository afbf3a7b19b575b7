import { unsupported } from './errors.js';

/** What an adapter can do. Asking for something declared false fails with UNSUPPORTED. */
export interface Capabilities {
  /** Presence enter/update/leave/members on the subscriber. */
  presence: boolean;
  /** Server-side presence query on the publisher. */
  serverPresence: boolean;
  /** Missed messages are replayed after a short disconnect. */
  recovery: boolean;
  /** Messages can be read back after they were published. */
  history: boolean;
  /** Subscribers may publish events directly to each other. */
  clientEvents: boolean;
  /** A publish can exclude one subscriber connection. */
  exclusion: boolean;
}

/** The name of one capability, as {@link requireCapability} and UNSUPPORTED errors report it. */
export type Capability = keyof Capabilities;

/** Limits an adapter enforces before anything is sent. */
export interface ProviderLimits {
  /** Largest serialized message in bytes. */
  maxPayloadBytes: number;
  /** Most messages one provider request may carry (publishMany chunks to this). */
  maxBatchSize: number;
  /** Longest event name. */
  maxEventNameLength: number;
  /**
   * Largest body of one batch request in bytes (publishMany cuts chunks before it).
   * @default undefined (no byte limit)
   */
  maxBatchBytes?: number | undefined;
  /**
   * Most distinct channels one batch request may name (publishMany cuts chunks before it).
   * @default undefined (no channel limit)
   */
  maxBatchChannels?: number | undefined;
}

/** Throws UNSUPPORTED, naming the provider and the capability, when `capabilities` lacks it. */
export function requireCapability(provider: string, capabilities: Capabilities, capability: Capability): void {
  if (!capabilities[capability]) throw unsupported(provider, capability);
}

/** What an adapter is, once loaded. */
export interface AdapterDescription {
  /** The provider's name. */
  provider: string;
  /** What the provider supports. */
  capabilities: Capabilities;
  /** Limits checked before sending. */
  limits: ProviderLimits;
}
