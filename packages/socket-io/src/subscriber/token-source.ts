import { RealtimeError } from '@switchboard/core/adapter';
import { PROVIDER } from '../constants.js';

/** How the subscriber gets its signed handshake token: from the auth endpoint, or from your function. */
export interface TokenOptions {
  /** A hub token, or a function returning a fresh one; called on every (re)connection. */
  token?: string | (() => string | Promise<string>) | undefined;
  /** Your auth endpoint: POSTed `{}` (JSON), answers `{ token }`. Used when `token` is absent. */
  authEndpoint?: string | undefined;
  /** Extra headers for the auth endpoint (an `Authorization` header, a CSRF token). */
  authHeaders?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>) | undefined;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch | undefined;
}

/** Returns the token for the next handshake; `undefined` connects anonymously. */
export type TokenSource = () => Promise<string | undefined>;

function statusError(status: number, detail: string): RealtimeError {
  const code =
    status === 401
      ? 'UNAUTHORIZED'
      : status === 403
        ? 'FORBIDDEN'
        : status === 429
          ? 'RATE_LIMITED'
          : status >= 500
            ? 'PROVIDER_UNAVAILABLE'
            : 'CONFIG';
  return new RealtimeError(code, `The auth endpoint answered ${status}${detail ? `: ${detail}` : ''}`, {
    provider: PROVIDER,
    details: { status },
  });
}

export function tokenSource(options: TokenOptions): TokenSource {
  const { token, authEndpoint } = options;
  if (typeof token === 'string') return async () => token;
  if (typeof token === 'function') return async () => token();
  if (!authEndpoint) return async () => undefined;
  return async () => {
    const headers = typeof options.authHeaders === 'function' ? await options.authHeaders() : (options.authHeaders ?? {});
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(authEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: '{}',
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new RealtimeError('PROVIDER_UNAVAILABLE', `The auth endpoint ${authEndpoint} is unreachable`, { provider: PROVIDER, cause });
    }
    const body = (await response.json().catch(() => undefined)) as
      | { token?: unknown; error?: { message?: string }; reason?: string }
      | undefined;
    if (!response.ok) throw statusError(response.status, body?.error?.message ?? body?.reason ?? '');
    if (typeof body?.token !== 'string' || body.token.length === 0) {
      throw new RealtimeError('CONFIG', `The auth endpoint ${authEndpoint} did not answer { token }`, { provider: PROVIDER });
    }
    return body.token;
  };
}
