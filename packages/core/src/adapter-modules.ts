/**
 * What an adapter package exports so core can load it by provider name: a server module (its
 * package root) and a subscriber module (`<package>/subscriber`).
 */
import type { Server as HttpServer } from 'node:http';
import type { AccessRules } from './access.js';
import type { AuthorizerSource } from './auth/auth-handler.js';
import type { ProviderAuthorizer } from './auth/authorizer.js';
import type { AnyChannelDefinition } from './channel.js';
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
  /**
   * Serves the provider from the app's own HTTP server (the Socket.IO hub), configured from the
   * environment; `realtimeFromEnv` uses it when present. Throws CONFIG naming a malformed variable.
   */
  attachToServer?(input: AttachToServerInput): Promise<AttachedProvider>;
}

/** What an adapter's `attachToServer` gets from `realtimeFromEnv`. */
export interface AttachToServerInput {
  /** The app's channel definitions. */
  channels: readonly AnyChannelDefinition[];
  /** The app's access rules. */
  rules: AccessRules;
  /** The app's HTTP server, not necessarily listening yet. */
  server: HttpServer;
  /** The environment variables to read. */
  env: EnvironmentVariables;
}

/** What an adapter's `attachToServer` returns: its authorizer and publisher transport, served by the app's server. */
export interface AttachedProvider {
  /** The auth handler's authorizer (or a function of the request choosing one). */
  authorizer: AuthorizerSource;
  /** Publishes to the attached provider. */
  publisherTransport: PublisherTransport;
  /** Stops what was attached; the HTTP server stays open. */
  close(): Promise<void>;
}

/** What a subscriber module (`@switchboard/<provider>/subscriber`) exports for lazy loading. */
export interface SubscriberModule {
  /** Builds the provider's subscriber transport from its options. */
  createSubscriberTransport(options: unknown): SubscriberTransport;
}
