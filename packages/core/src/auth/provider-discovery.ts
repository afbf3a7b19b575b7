/**
 * Server-driven provider choice, browser side: ask the auth endpoint which provider to use, then
 * load only that provider's subscriber module. Switching `REALTIME_PROVIDER` on the server switches
 * every browser on its next connect, with no frontend rebuild.
 */
import { RealtimeError } from '../errors.js';
import { type AuthHeaders, fetchCredential } from '../kit/credential-fetch.js';
import type { ProviderName } from '../providers.js';
import { withRetry } from '../retry.js';

export type { AuthHeaders } from '../kit/credential-fetch.js';

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
   * Headers for the endpoint (for example `Authorization: Bearer …`), or a function (possibly
   * async) called before every request. Cookies go only to an endpoint on the page's origin.
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

function parseDiscovery(value: unknown): ProviderDiscovery {
  const body = value as Partial<ProviderDiscovery> | null;
  const config = body?.config ?? {};
  if (typeof body?.provider !== 'string' || typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new RealtimeError('CONFIG', 'The auth endpoint did not answer GET with { provider, config }');
  }
  return body.switchable === true ? { provider: body.provider, config, switchable: true } : { provider: body.provider, config };
}

/** Asks the auth endpoint which provider to use; retries briefly when it is unreachable. */
export function discoverProvider(options: AuthEndpointOptions): Promise<ProviderDiscovery> {
  return withRetry(async () => parseDiscovery(await fetchCredential(options)), { attempts: 3 });
}
