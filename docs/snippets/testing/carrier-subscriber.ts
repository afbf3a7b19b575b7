// carrier-subscriber.ts — the subscriber module `createSubscriber({ authEndpoint })` loads. The token
// comes from the app's auth endpoint through the adapter kit: the app's fetch and async headers,
// one cookie policy, and one status → code map (401, 403, 429 read the same on every provider).
import { type CredentialFetchOptions, fetchCredential, RealtimeError, type SubscriberTransport } from '@switchboard/core/adapter';
import { createCarrierSubscriberTransport } from '../your-app/carrier-sdk.js';

export function createSubscriberTransport(options: CredentialFetchOptions & { host: string }): SubscriberTransport {
  return createCarrierSubscriberTransport({
    host: options.host,
    token: async () => {
      const answer = (await fetchCredential(options, '{}', 'carrier')) as { token?: unknown } | undefined;
      if (typeof answer?.token !== 'string') {
        throw new RealtimeError('CONFIG', 'The auth endpoint did not answer { token }', { provider: 'carrier' });
      }
      return answer.token;
    },
  });
}
