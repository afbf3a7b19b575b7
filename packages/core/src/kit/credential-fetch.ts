/**
 * The one way a subscriber asks the app's auth endpoint for anything (discovery, a token, a channel
 * signature): the app's `fetch`, its `authHeaders` (a function may be async), one cookie policy,
 * and one mapping of the endpoint's answer to a RealtimeError. Every adapter goes through it, so
 * switching provider never changes how the endpoint is called or how its refusals read.
 */
import { RealtimeError, type RealtimeErrorCode } from '../errors.js';

/** Headers sent with every auth-endpoint request, or a function producing fresh ones (a new token). */
export type AuthHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** How a subscriber reaches the auth endpoint: the options every adapter's subscriber accepts. */
export interface CredentialFetchOptions {
  /** URL of the app's auth endpoint (`createAuthHandler`), absolute or relative to the page. */
  authEndpoint?: string | URL | undefined;
  /**
   * Headers for the endpoint (`Authorization: Bearer …`, a CSRF token), or a function, possibly
   * async, called before every request.
   * @default {}
   */
  authHeaders?: AuthHeaders | undefined;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * The cookie policy of every auth-endpoint request: the page's cookies go to an endpoint on the
 * page's own origin, never to another origin (send a header with `authHeaders` there).
 */
export const AUTH_ENDPOINT_CREDENTIALS: RequestCredentials = 'same-origin';

/** `authHeaders` resolved to a plain object. */
export async function resolveAuthHeaders(headers: AuthHeaders | undefined): Promise<Record<string, string> | undefined> {
  return typeof headers === 'function' ? await headers() : headers;
}

/** The code an HTTP status of the auth endpoint maps to, the same on every provider. */
export function codeForStatus(status: number): RealtimeErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400) return 'INVALID_CHANNEL';
  return status >= 500 ? 'PROVIDER_UNAVAILABLE' : 'CONFIG';
}

/** `Retry-After` in milliseconds, when it is a number of seconds (what `createAuthHandler` sends). */
export function retryAfterMs(header: string | null): number | undefined {
  return Number(header) * 1000 || undefined;
}

/**
 * Calls the auth endpoint: GET without `body`, else POST (a string is sent as JSON, URLSearchParams
 * as a form). Resolves with the JSON answer (`undefined` when it is not JSON); rejects with a RealtimeError whose code follows
 * {@link codeForStatus}, with `details.status`, `details.reason` (the endpoint's message) and
 * `retryAfterMs` from `Retry-After`. The caller checks that `authEndpoint` is set.
 */
export async function fetchCredential(
  options: CredentialFetchOptions,
  body?: string | URLSearchParams,
  provider?: string,
): Promise<unknown> {
  const extra = await resolveAuthHeaders(options.authHeaders);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(String(options.authEndpoint), {
      method: body ? 'POST' : 'GET',
      headers: { accept: 'application/json', ...(typeof body === 'string' && { 'content-type': 'application/json' }), ...extra },
      body,
      credentials: AUTH_ENDPOINT_CREDENTIALS,
    });
  } catch (cause) {
    throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The auth endpoint is unreachable', { provider, cause });
  }
  // Not JSON: `undefined`, which each caller rejects as a credential of the wrong shape.
  const answer = (await response.json().catch(() => undefined)) as { error?: { message?: unknown }; reason?: unknown } | undefined;
  const { status } = response;
  if (response.ok) return answer;
  const reason = String(answer?.error?.message ?? answer?.reason ?? `HTTP ${status}`);
  throw new RealtimeError(codeForStatus(status), `The auth endpoint answered ${status}: ${reason}`, {
    provider,
    details: { status, reason },
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  });
}
