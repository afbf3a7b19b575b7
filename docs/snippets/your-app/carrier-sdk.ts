// Stand-in for a vendor SDK ("Carrier") and its local test server, for the adapter-author guide.
import type { ProviderAuthorizer, SubscriberTransport } from '@switchboard/core/adapter';

export declare class CarrierRest {
  constructor(options: { apiKey: string; host?: string });
  publishBatch(messages: Array<{ channel: string; name: string; id: string; data: unknown }>): Promise<void>;
  presence(channel: string): Promise<Array<{ clientId: string; connectionId: string; data: unknown }>>;
  time(): Promise<number>;
}
export declare class CarrierHttpError extends Error {
  readonly status: number;
}
export declare function startCarrierTestServer(): Promise<{ host: string; apiKey: string; close(): Promise<void> }>;
/** Your adapter's subscriber transport (see core/src/memory/memory-transport.ts for a complete one). */
export declare function createCarrierSubscriberTransport(options: {
  host: string;
  token: string | (() => Promise<string>);
}): SubscriberTransport;
export declare function carrierTokenFor(apiKey: string, userId: string | undefined): string;
/** The adapter's authorizer (what the app's `createAuthHandler` serves) for a test server. */
export declare function carrierAuthorizer(options: { apiKey: string; host: string }): ProviderAuthorizer;
export declare function dropAllCarrierConnections(host: string, options?: { recover?: boolean }): Promise<void>;
export declare function failNextCarrierPublishes(host: string, count: number): void;
