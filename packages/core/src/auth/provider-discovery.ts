/**
 * Server-driven provider choice, browser side: ask the auth endpoint which provider to use, then
 * load only that provider's subscriber module. Switching `REALTIME_PROVIDER` on the server switches
 * every browser on its next connect, with no frontend rebuild.
 */
import { RealtimeError } from '../errors.js';
import type { ProviderName } from '../providers.js';
import { withRetry } from '../retry.js';

/** What GET on the auth endpoint answers. */
export interface ProviderDiscovery {
  /** The provider the server chose. */
  provider: ProviderName;
  /** Public connection parameters (key, cluster, host, port); never a secret. */
  config: Record<string, unknown>;
  /**
   * Set when the endpoint can switch provider while it runs (`createProviderSwitch`): the subscriber
   * then listens for announcements and re-asks on reconnects. See docs/provider-switch.md.
   */
  switchable?: boolean | undefined;
}

/** Headers sent with every auth-endpoint request, or a function producing fresh ones (a new token). */
export type AuthHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/**
 * Loaders of subscriber modules by provider name. Write them with literal specifiers so your
 * bundler makes one lazy chunk per provider:
 * `{ ably: () => import('@switchboard/ably/subscriber'), pusher: () => import('@switchboard/pusher/subscriber') }`.
 */
export type SubscriberAdapterLoaders = Partial<Record<ProviderName, () => Promise<unknown>>>;

/** How a subscriber reaches the app's auth endpoint for server-driven provider selection. */
export interface AuthEndpointOptions {
  /** URL of the app's `createAuthHandler` endpoint, absolute or relative to the page. */
  authEndpoint: string | URL;
  /**
   * Headers for the endpoint (for example `Authorization: Bearer …`); cookies are sent as usual.
   * @default {}
   */
  authHeaders?: AuthHeaders;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Lazy loaders of provider modules; providers not listed fall back to the built-in map.
   * @default {}
   */
  adapters?: SubscriberAdapterLoaders;
}

/** Resolves `authHeaders` to a plain object. */
export async function resolveAuthHeaders(headers: AuthHeaders | undefined): Promise<Record<string, string>> {
  if (!headers) return {};
  return typeof headers === 'function' ? await headers() : headers;
}

function endpointError(status: number): RealtimeError {
  const message = `The auth endpoint answered ${status}`;
  if (status === 401) return new RealtimeError('UNAUTHORIZED', message, { details: { status } });
  if (status === 403) return new RealtimeError('FORBIDDEN', message, { details: { status } });
  if (status === 429 || status >= 500) return new RealtimeError('PROVIDER_UNAVAILABLE', message, { details: { status } });
  return new RealtimeError('CONFIG', `${message}; is authEndpoint the URL of createAuthHandler?`, { details: { status } });
}

function parseDiscovery(value: unknown): ProviderDiscovery {
  const body = value as Partial<ProviderDiscovery> | null;
  const config = body?.config ?? {};
  if (typeof body?.provider !== 'string' || typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new RealtimeError('CONFIG', 'The auth endpoint did not answer GET with { provider, config }');
  }
  return body.switchable === true ? { provider: body.provider, config, switchable: true } : { provider: body.provider, config };
}

async function discoverOnce(options: AuthEndpointOptions): Promise<ProviderDiscovery> {
  const fetcher = options.fetch ?? globalThis.fetch;
  if (typeof fetcher !== 'function') throw new RealtimeError('CONFIG', 'No fetch available: pass `fetch` to createSubscriber');
  let response: Response;
  try {
    const headers = { accept: 'application/json', ...(await resolveAuthHeaders(options.authHeaders)) };
    response = await fetcher(String(options.authEndpoint), { method: 'GET', headers });
  } catch (cause) {
    if (RealtimeError.isInstance(cause)) throw cause;
    throw new RealtimeError('PROVIDER_UNAVAILABLE', 'Could not reach the auth endpoint', { cause });
  }
  if (!response.ok) throw endpointError(response.status);
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new RealtimeError('CONFIG', 'The auth endpoint did not answer GET with JSON', { cause });
  }
  return parseDiscovery(body);
}

/** Asks the auth endpoint which provider to use; retries briefly when it is unreachable. */
export function discoverProvider(options: AuthEndpointOptions): Promise<ProviderDiscovery> {
  return withRetry(() => discoverOnce(options), { attempts: 3 });
}
