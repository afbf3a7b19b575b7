/**
 * Where the Socket.IO subscriber's handshake token comes from: a fixed token, the app's function,
 * or the auth endpoint through the adapter kit's one credential fetch (POST `{}`, answers `{ token }`).
 */
import { type CredentialFetchOptions, fetchCredential, RealtimeError } from '@switchboard/core/adapter';
import { PROVIDER } from '../constants.js';

/** How the subscriber gets its signed handshake token: from the auth endpoint, or from your function. */
export interface TokenOptions extends CredentialFetchOptions {
  /** A hub token, or a function returning a fresh one; called on every (re)connection. Wins over `authEndpoint`. */
  token?: string | (() => string | Promise<string>) | undefined;
}

/** Returns the token for the next handshake; `undefined` connects anonymously. */
export type TokenSource = () => Promise<string | undefined>;

export function tokenSource(options: TokenOptions): TokenSource {
  const { token, authEndpoint } = options;
  if (typeof token === 'string') return async () => token;
  if (typeof token === 'function') return async () => token();
  if (!authEndpoint) return async () => undefined;
  return async () => {
    const token = ((await fetchCredential(options, '{}', PROVIDER)) as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) {
      throw new RealtimeError('CONFIG', 'The auth endpoint did not answer { token }', { provider: PROVIDER });
    }
    return token;
  };
}
