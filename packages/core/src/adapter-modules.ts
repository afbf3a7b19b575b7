/**
 * What an adapter package exports so core can load it by provider name: a server module (its
 * package root) and a subscriber module (`<package>/subscriber`).
 */
import type { ProviderAuthorizer } from './auth/authorizer.js';
import type { PublisherTransport, SubscriberTransport } from './transport.js';

/** Environment variables as `process.env` holds them. */
export type EnvironmentVariables = Record<string, string | undefined>;

/**
 * What an adapter's server module (its package root) exports for loading by name. The two
 * environment readers let `publisherFromEnv` and `authorizerFromEnv` dispatch to the adapter, which
 * alone knows its variables.
 */
export interface PublisherModule {
  /** Builds the provider's publisher transport from its options. */
  createPublisherTransport(options: unknown): PublisherTransport;
  /** Reads the provider's publisher options from the environment; throws CONFIG naming a missing or malformed variable. */
  publisherOptionsFromEnv?(env: EnvironmentVariables): object;
  /** Builds the provider's authorizer from the same variables; throws CONFIG naming a missing or malformed variable. */
  authorizerFromEnv?(env: EnvironmentVariables): ProviderAuthorizer;
}

/** What a subscriber module (`@switchboard/<provider>/subscriber`) exports for lazy loading. */
export interface SubscriberModule {
  /** Builds the provider's subscriber transport from its options. */
  createSubscriberTransport(options: unknown): SubscriberTransport;
}
