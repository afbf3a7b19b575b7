import type { Capabilities, ProviderLimits } from '@switchboard/core/adapter';

/** What the Ably adapter supports. Exclusion works through the envelope: subscribers drop what excludes them. */
export const ablyCapabilities: Capabilities = {
  presence: true,
  serverPresence: true,
  recovery: true,
  history: true,
  clientEvents: true,
  exclusion: true,
};

/**
 * Ably's default 64 KiB message size; batch publishes of up to 100 messages per request, within
 * Ably's batch limits: a body under 2 MiB and at most 100 distinct channels (error 90010).
 */
export const ablyLimits: ProviderLimits = {
  maxPayloadBytes: 65_536,
  maxBatchSize: 100,
  maxEventNameLength: 128,
  maxBatchBytes: 2 * 1024 * 1024,
  maxBatchChannels: 100,
};

/** Host options shared by the publisher, subscriber and authorizer. */
export interface AblyHostOptions {
  /**
   * Ably endpoint: a routing policy name or a hostname (an emulator's `127.0.0.1`).
   * @default Ably's production endpoint
   */
  endpoint?: string | undefined;
  /** Port of the endpoint; non-TLS `port` when `tls` is false, `tlsPort` otherwise. */
  port?: number | undefined;
  /**
   * Use TLS.
   * @default true
   */
  tls?: boolean | undefined;
}

/** The Ably ClientOptions for a host. */
export function hostClientOptions(options: AblyHostOptions): Record<string, unknown> {
  const tls = options.tls ?? true;
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.tls === false ? { tls: false } : {}),
    ...(options.port !== undefined ? (tls ? { tlsPort: options.port } : { port: options.port }) : {}),
  };
}
