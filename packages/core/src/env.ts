/**
 * Configuration from the environment. Core reads only `REALTIME_PROVIDER` and dispatches: each
 * adapter's server module reads and validates its own variables (`publisherOptionsFromEnv`,
 * `authorizerFromEnv`), so an adapter published anywhere takes part the same way.
 */

import type { EnvironmentVariables, PublisherModule } from './adapter-modules.js';
import type { ProviderAuthorizer } from './auth/authorizer.js';
import { RealtimeError } from './errors.js';
import { loadAdapterModule, type ProviderName, providerDefinition, registeredProviders } from './providers.js';
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from './publisher.js';

/** Publisher options read from the environment: a provider name and that provider's settings. */
export type EnvPublisherOptions = {
  /** From `REALTIME_PROVIDER`. */
  provider: ProviderName;
} & Record<string, unknown>;

const processEnv = (): EnvironmentVariables => globalThis.process?.env ?? {};

/** `REALTIME_PROVIDER`, checked against the registered providers. Throws CONFIG naming the variable. */
export function providerFromEnv(env: EnvironmentVariables = processEnv()): ProviderName {
  const provider = env.REALTIME_PROVIDER?.trim();
  const known = registeredProviders().join(', ');
  if (!provider) {
    throw new RealtimeError('CONFIG', `REALTIME_PROVIDER is not set (${known})`, { details: { variable: 'REALTIME_PROVIDER' } });
  }
  try {
    providerDefinition(provider);
  } catch {
    throw new RealtimeError('CONFIG', `REALTIME_PROVIDER=${provider} is not a known provider (${known})`, {
      details: { variable: 'REALTIME_PROVIDER', provider },
    });
  }
  return provider as ProviderName;
}

async function serverModule(provider: ProviderName): Promise<PublisherModule> {
  return loadAdapterModule<PublisherModule>(provider, 'publisher');
}

function missingReader(provider: string, reader: string): RealtimeError {
  return new RealtimeError('CONFIG', `The "${provider}" adapter does not read the environment (it exports no ${reader})`, { provider });
}

/**
 * Reads publisher options from the environment: `REALTIME_PROVIDER`, then the chosen adapter reads
 * its own variables (see each adapter's README). Throws CONFIG naming a missing or malformed variable.
 */
export async function publisherOptionsFromEnv(env: EnvironmentVariables = processEnv()): Promise<EnvPublisherOptions> {
  const provider = providerFromEnv(env);
  const module = await serverModule(provider);
  if (typeof module.publisherOptionsFromEnv !== 'function') throw missingReader(provider, 'publisherOptionsFromEnv');
  return { ...module.publisherOptionsFromEnv(env), provider };
}

/**
 * A publisher configured from the environment (see {@link publisherOptionsFromEnv}). Nothing is
 * loaded or connected until the first call; call {@link authorizerFromEnv} at startup to have every
 * variable checked then.
 */
export function publisherFromEnv(env: EnvironmentVariables = processEnv(), options: PublisherCoreOptions = {}): RealtimePublisher {
  const provider = providerFromEnv(env);
  return createPublisherFromTransport(async () => {
    const module = await serverModule(provider);
    if (typeof module.publisherOptionsFromEnv !== 'function') throw missingReader(provider, 'publisherOptionsFromEnv');
    return module.createPublisherTransport({ ...module.publisherOptionsFromEnv(env), ...options });
  }, options);
}

/**
 * The auth handler's authorizer for `REALTIME_PROVIDER`, from the same variables `publisherFromEnv`
 * reads (emulator hosts included, so browsers are sent where the publisher publishes). Awaiting it at
 * startup validates the variables: a missing or malformed one is a CONFIG error that names it.
 *
 * @example
 * const handler = createAuthHandler({ channels, rules, authenticate, authorizer: await authorizerFromEnv() });
 */
export async function authorizerFromEnv(env: EnvironmentVariables = processEnv()): Promise<ProviderAuthorizer> {
  const provider = providerFromEnv(env);
  const module = await serverModule(provider);
  if (typeof module.authorizerFromEnv !== 'function') throw missingReader(provider, 'authorizerFromEnv');
  if (typeof module.publisherOptionsFromEnv === 'function') module.publisherOptionsFromEnv(env);
  return module.authorizerFromEnv(env);
}
