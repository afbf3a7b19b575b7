// carrier-publisher.ts — the publisher half of a third-party adapter, written against
// core's transport.ts. Core adds validation, envelopes, size checks, retries and batching.
import {
  type Capabilities,
  type ProviderLimits,
  type PublisherTransport,
  RealtimeError,
  SPECIFICATION_VERSION,
} from '@switchboard/core/adapter';
import { CarrierHttpError, CarrierRest } from '../your-app/carrier-sdk.js';

export const carrierCapabilities: Capabilities = {
  presence: true,
  serverPresence: true,
  recovery: false, // declare only what the service really does: the suite skips by these
  history: false,
  clientEvents: false,
  exclusion: false,
};
export const carrierLimits: ProviderLimits = { maxPayloadBytes: 32_768, maxBatchSize: 50, maxEventNameLength: 100 };

const legalName = /^[A-Za-z0-9:_\-.@=+~]{1,160}$/;

function toRealtimeError(error: unknown): RealtimeError {
  const status = error instanceof CarrierHttpError ? error.status : 0;
  if (status === 401) return new RealtimeError('UNAUTHORIZED', 'Carrier refused the API key', { provider: 'carrier', cause: error });
  if (status === 429) return new RealtimeError('RATE_LIMITED', 'Carrier rate limit', { provider: 'carrier', cause: error });
  // Network failures and 5xx are retriable: core retries them with the same message ids.
  return new RealtimeError('PROVIDER_UNAVAILABLE', 'Carrier is unavailable', { provider: 'carrier', cause: error });
}

export function createPublisherTransport(options: { apiKey: string; host?: string }): PublisherTransport {
  const rest = new CarrierRest(options); // a REST client: nothing connects here
  const providerChannelName: PublisherTransport['providerChannelName'] = (channel) => {
    if (!legalName.test(channel.name)) {
      throw new RealtimeError('INVALID_CHANNEL', `"${channel.name}" cannot be a Carrier channel name`, { provider: 'carrier' });
    }
    return channel.name;
  };
  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: 'carrier',
    capabilities: carrierCapabilities,
    limits: carrierLimits,
    providerChannelName,
    async send(messages) {
      const batch = messages.map(({ channel, envelope }) => ({
        channel: providerChannelName(channel),
        name: envelope.event,
        id: envelope.id, // the vendor de-duplicates retried publishes by id
        data: envelope,
      }));
      await rest.publishBatch(batch).catch((error: unknown) => Promise.reject(toRealtimeError(error)));
    },
    async presenceMembers(channel) {
      const members = await rest.presence(providerChannelName(channel)).catch((error: unknown) => Promise.reject(toRealtimeError(error)));
      return members.map((member) => ({ userId: member.clientId, connectionId: member.connectionId, data: member.data }));
    },
    async health() {
      const started = Date.now();
      try {
        await rest.time();
        return { status: 'healthy', provider: 'carrier', latencyMs: Date.now() - started };
      } catch (error) {
        return { status: 'unhealthy', provider: 'carrier', details: { error: String(error) } };
      }
    },
    async close() {},
  };
}
