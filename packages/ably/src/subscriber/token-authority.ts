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

/** Status codes ably-js acts on: 403 fails the connection, anything else retries later. */
function statusOf(error: RealtimeError): number {
  if (error.code === 'FORBIDDEN') return 403;
  if (error.code === 'UNAUTHORIZED') return 401;
  return 500;
}

export class TokenAuthority {
  /** Channels the current token covers. */
  private granted = new Set<string>();
  /** Channels the next token must cover. */
  private readonly wanted = new Set<string>();
  /** A TokenRequest fetched ahead of `authorize()`, handed to Ably's next authCallback. */
  private prefetched: { channels: Set<string>; token: unknown } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Expiry of the last token handed to Ably, from the TokenRequest's timestamp + ttl (or TokenDetails). */
  private latest: { expires: number; ttl: number } | undefined;

  constructor(private readonly source: AblyTokenSource) {}

  /** What Ably calls whenever it needs a token (connect, expiry, AUTH from the server). */
  readonly ablyAuthCallback = (
    _params: Ably.TokenParams,
    callback: (error: Ably.ErrorInfo | string | null, token: Ably.TokenRequest | null) => void,
  ) => {
    const ready = this.prefetched;
    this.prefetched = undefined;
    const channels = ready?.channels ?? new Set(this.wanted);
    const pending = ready ? Promise.resolve(ready.token) : this.source([...channels]);
    pending.then(
      (token) => {
        this.granted = channels;
        this.latest = lifetimeOf(token);
        callback(null, token as Ably.TokenRequest);
      },
      (error: unknown) => {
        const realtimeError = RealtimeError.isInstance(error)
          ? error
          : new RealtimeError('PROVIDER_UNAVAILABLE', 'Fetching an Ably token failed', { provider: PROVIDER, cause: error });
        callback({ code: 40170, statusCode: statusOf(realtimeError), message: realtimeError.message } as Ably.ErrorInfo, null);
      },
    );
  };

  /** When the current token expires and how long it lives, if known. */
  lifetime(): { expires: number; ttl: number } | undefined {
    return this.latest;
  }

  covers(channel: string): boolean {
    return this.granted.has(channel);
  }

  /**
   * Makes sure the next token covers `channel`; throws the endpoint's refusal (FORBIDDEN) without
   * touching the connection. `apply` then puts the new token to use (connect or re-authorize); it
   * runs inside the queue so it sees the connection state left by the previous step.
   */
  include(channel: string, apply: () => Promise<unknown>): Promise<void> {
    const step = this.queue.then(async () => {
      if (this.granted.has(channel) && this.wanted.has(channel)) return;
      const channels = new Set([...this.wanted, channel]);
      const token = await this.source([...channels]);
      this.wanted.add(channel);
      this.prefetched = { channels, token };
      await apply();
    });
    this.queue = step.catch(() => {});
    return step;
  }

  /** Stops asking for a channel at the next renewal; an empty list keeps the last one. */
  exclude(channel: string): void {
    if (this.wanted.size > 1) this.wanted.delete(channel);
  }
}
