/**
 * Where the subscriber's tokens come from. Ably's `authCallback` asks for a token covering every
 * channel this subscriber uses; attaching a channel the current token does not cover fetches a new
 * TokenRequest first (so a refusal rejects that one subscription, not the connection) and then
 * re-authorizes the live connection with it.
 */
import { type CredentialFetchOptions, fetchCredential, RealtimeError } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { PROVIDER } from '../errors.js';

/** Returns a TokenRequest (or TokenDetails, or token string) for the given logical channel names. */
export type AblyTokenSource = (channels: string[]) => Promise<unknown>;

/** Where tokens come from: the auth endpoint (through the adapter kit's credential fetch) or your callback. */
export interface TokenAuthorityOptions extends CredentialFetchOptions {
  /** Instead of `authEndpoint`: returns a TokenRequest for the given logical channel names. */
  authCallback?: AblyTokenSource | undefined;
}

/** The token source of an auth endpoint: POST `{ channels }` as JSON, answer a TokenRequest. */
export function endpointTokenSource(options: TokenAuthorityOptions): AblyTokenSource {
  const endpoint = options.authEndpoint;
  if (endpoint === undefined) {
    throw new RealtimeError('CONFIG', 'The Ably subscriber needs authEndpoint or authCallback (token auth only)', { provider: PROVIDER });
  }
  return (channels) => fetchCredential(options, JSON.stringify({ channels }), PROVIDER);
}

function lifetimeOf(token: unknown): { expires: number; ttl: number } | undefined {
  const value = (typeof token === 'object' && token !== null ? token : {}) as Record<string, unknown>;
  if (typeof value.expires === 'number' && typeof value.issued === 'number')
    return { expires: value.expires, ttl: value.expires - value.issued };
  if (typeof value.timestamp === 'number' && typeof value.ttl === 'number') return { expires: value.timestamp + value.ttl, ttl: value.ttl };
  return undefined;
}

/** What the subscriber transport asks of its tokens; see {@link createTokenAuthority}. */
export interface TokenAuthority {
  /** What Ably calls whenever it needs a token (connect, expiry, AUTH from the server). */
  ablyAuthCallback(
    params: Ably.TokenParams,
    callback: (error: Ably.ErrorInfo | string | null, token: Ably.TokenRequest | null) => void,
  ): void;
  /** When the current token expires and how long it lives, if known. */
  lifetime(): { expires: number; ttl: number } | undefined;
  /** Whether the current token covers `channel`. */
  covers(channel: string): boolean;
  /**
   * Makes sure the next token covers `channel`; throws the endpoint's refusal (FORBIDDEN) without
   * touching the connection. `apply` then puts the new token to use (connect or re-authorize); it
   * runs inside the queue so it sees the connection state left by the previous step.
   */
  include(channel: string, apply: () => Promise<unknown>): Promise<void>;
  /** Stops asking for a channel at the next renewal; an empty list keeps the last one. */
  exclude(channel: string): void;
}

export function createTokenAuthority(source: AblyTokenSource): TokenAuthority {
  /** Channels the current token covers. */
  let granted = new Set<string>();
  /** Channels the next token must cover. */
  const wanted = new Set<string>();
  /** A TokenRequest fetched ahead of `authorize()`, handed to Ably's next authCallback. */
  let prefetched: { channels: Set<string>; token: unknown } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Expiry of the last token handed to Ably, from the TokenRequest's timestamp + ttl (or TokenDetails). */
  let latest: { expires: number; ttl: number } | undefined;

  return {
    ablyAuthCallback(_params, callback) {
      const ready = prefetched;
      prefetched = undefined;
      const channels = ready?.channels ?? new Set(wanted);
      (ready ? Promise.resolve(ready.token) : source([...channels])).then(
        (token) => {
          granted = channels;
          latest = lifetimeOf(token);
          callback(null, token as Ably.TokenRequest);
        },
        (error: RealtimeError | undefined) => {
          // ably-js fails the connection on 403 and retries later on anything else.
          const statusCode = error?.code === 'FORBIDDEN' ? 403 : error?.code === 'UNAUTHORIZED' ? 401 : 500;
          callback({ code: 40170, statusCode, message: error?.message ?? 'Fetching an Ably token failed' } as Ably.ErrorInfo, null);
        },
      );
    },
    lifetime: () => latest,
    covers: (channel) => granted.has(channel),
    include(channel, apply) {
      const step = queue.then(async () => {
        if (granted.has(channel) && wanted.has(channel)) return;
        const channels = new Set([...wanted, channel]);
        const token = await source([...channels]);
        wanted.add(channel);
        prefetched = { channels, token };
        await apply();
      });
      queue = step.catch(() => {});
      return step;
    },
    exclude(channel) {
      if (wanted.size > 1) wanted.delete(channel);
    },
  };
}
