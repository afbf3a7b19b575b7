import type { Capabilities, ProviderLimits } from '@switchboard/core/adapter';

/** The provider name of this adapter. */
export const PUSHER_PROVIDER = 'pusher';

/**
 * Pusher keeps no history, so there is no recovery: a reconnect is reported as a gap. Client events
 * travel as Pusher client events, through the `/client-events` entry.
 */
export const pusherCapabilities: Capabilities = {
  exclusion: true,
  presence: true,
  serverPresence: true,
  clientEvents: true,
  history: false,
  recovery: false,
};

/** The envelope JSON is the Pusher `data` string, so core's size check measures what Pusher measures. */
export const pusherLimits: ProviderLimits = {
  maxPayloadBytes: 10_240,
  maxBatchSize: 10,
  maxEventNameLength: 200,
};
