/**
 * The Ably adapter's environment variables, read by `publisherFromEnv` and `authorizerFromEnv` of
 * `@switchboard/core/server` when `REALTIME_PROVIDER=ably`: `ABLY_API_KEY` (`appId.keyId:secret`),
 * and for a local endpoint or the emulator `ABLY_ENDPOINT` (+ `ABLY_PORT`, `ABLY_TLS`), which
 * browsers are then sent to too.
 */
import type { EnvironmentVariables, ProviderAuthorizer } from '@switchboard/core/adapter';
import { booleanVariable, optionalVariable, portVariable, requiredVariable, variableError } from '@switchboard/core/adapter';
import { ablyAuthorizer } from './auth/ably-authorizer.js';
import type { AblyHostOptions } from './capabilities.js';
import type { AblyPublisherOptions } from './publisher/publisher-transport.js';

const PROVIDER = 'ably';
const API_KEY = /^[^.:\s]+\.[^.:\s]+:\S+$/;

function hostFromEnv(env: EnvironmentVariables): AblyHostOptions {
  const endpoint = optionalVariable(env, 'ABLY_ENDPOINT');
  const port = portVariable(env, 'ABLY_PORT', PROVIDER);
  const tls = booleanVariable(env, 'ABLY_TLS', PROVIDER);
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(port ? { port, tls: tls ?? true } : tls === undefined ? {} : { tls }),
  };
}

function apiKeyFromEnv(env: EnvironmentVariables): string {
  const apiKey = requiredVariable(env, 'ABLY_API_KEY', PROVIDER);
  if (!API_KEY.test(apiKey)) throw variableError('ABLY_API_KEY', PROVIDER, 'must look like "appId.keyId:secret"');
  return apiKey;
}

/** Publisher options from the `ABLY_*` variables; CONFIG naming a missing or malformed one. */
export function publisherOptionsFromEnv(env: EnvironmentVariables): AblyPublisherOptions {
  return { apiKey: apiKeyFromEnv(env), ...hostFromEnv(env) };
}

/** `ablyAuthorizer` from the same variables: browsers connect to `ABLY_ENDPOINT` when it is set. */
export function authorizerFromEnv(env: EnvironmentVariables): ProviderAuthorizer {
  return ablyAuthorizer({ apiKey: apiKeyFromEnv(env), ...hostFromEnv(env) });
}
