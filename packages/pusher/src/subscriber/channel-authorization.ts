/**
 * Channel authorization for pusher-js, through one `customHandler`: either the app's callback or a
 * POST of form fields to the shared auth endpoint. The handler adds Switchboard's presence intent
 * (watch, or member with data) and can hand out a credential fetched ahead of time, so switching
 * identity on a presence channel re-subscribes without waiting for a round trip.
 *
 * Loaded when pusher-js first authorizes a private or presence channel, so a page on public
 * channels never downloads it. What the transport has already (the error class, the credential
 * fetch, the provider name) is handed over, not imported: a lazy module importing those would make
 * a bundler split them into a third file every page downloads.
 */
import type { CredentialFetchOptions, fetchCredential, RealtimeError } from '@switchboard/core/adapter';
import type { ChannelAuthorizationCallback, ChannelAuthorizationHandler } from 'pusher-js';
import { PRESENCE_DATA_FIELD, PRESENCE_MODE_FIELD } from '../presence-fields.js';

/** What a presence subscription asks for. */
export type PresenceIntent = { mode: 'watch' } | { mode: 'member'; data: unknown };

/** One authorization request, with the exact form fields an auth endpoint receives. */
export interface PusherAuthorizationRequest {
  /** The pusher-js connection's socket id. */
  socketId: string;
  /** The Pusher channel name (`private-…`/`presence-…`). */
  channelName: string;
  /** `socket_id`, `channel_name` and, on presence channels, `presence_mode`/`presence_data`. */
  body: Record<string, string>;
}

/** The body pusher-js expects back. */
export interface PusherAuthorizationResult {
  /** `key:signature` of the subscription. */
  auth: string;
  /** Presence channels: the signed member JSON. */
  channel_data?: string;
  /**
   * The signed-in user's id (the shared auth endpoint sends it): the subscriber drops messages
   * published with `excludeUserId` equal to it. Pusher never sees it.
   */
  user_id?: string;
}

/**
 * How channels are authorized: the app's auth endpoint (POSTed `socket_id` and `channel_name` as a
 * form, through the adapter kit's credential fetch), or your own `authorize`.
 */
export interface AuthorizationOptions extends CredentialFetchOptions {
  /** Replaces the HTTP call: authorize a subscription yourself. */
  authorize?: ((request: PusherAuthorizationRequest) => Promise<PusherAuthorizationResult>) | undefined;
}

/** Channel authorization for one subscriber; see {@link createChannelAuthorization}. */
export interface ChannelAuthorization {
  /** pusher-js's `channelAuthorization.customHandler`. */
  handler: ChannelAuthorizationHandler;
  /** Authorizes now for `socketId`; the next subscribe of this channel on that socket uses it. */
  prefetch(socketId: string, channelName: string): Promise<void>;
}

/** What the transport hands over: its refusal record and the code every page has loaded already. */
export interface AuthorizationContext {
  /** Which presence identity a channel asks for (watcher or member). */
  intentOf(channelName: string): PresenceIntent | undefined;
  /** The last refusal per channel, so a refused subscription rejects with the real reason. */
  lastErrors: Map<string, RealtimeError>;
  RealtimeError: typeof RealtimeError;
  fetchCredential: typeof fetchCredential;
  provider: string;
  /** The signed-in user, as the last authorization named it (written here, read by the transport). */
  userId?: string | undefined;
}

export function createChannelAuthorization(options: AuthorizationOptions, context: AuthorizationContext): ChannelAuthorization {
  const { intentOf, lastErrors, RealtimeError, fetchCredential, provider } = context;
  const prefetched = new Map<string, { socketId: string; result: PusherAuthorizationResult }>();

  const request = async (socketId: string, channelName: string): Promise<PusherAuthorizationResult> => {
    const body: Record<string, string> = { socket_id: socketId, channel_name: channelName };
    const intent = intentOf(channelName);
    if (intent?.mode === 'watch') body[PRESENCE_MODE_FIELD] = 'watch';
    if (intent?.mode === 'member' && intent.data !== undefined) body[PRESENCE_DATA_FIELD] = JSON.stringify(intent.data);
    try {
      if (!options.authorize && !options.authEndpoint) {
        throw new RealtimeError('CONFIG', 'Private and presence channels need authEndpoint or authorize', { provider: provider });
      }
      const result = (
        options.authorize
          ? await options.authorize({ socketId, channelName, body })
          : await fetchCredential(options, new URLSearchParams(body), provider)
      ) as PusherAuthorizationResult | undefined;
      if (typeof result?.auth !== 'string') {
        throw new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" returned no auth string`, { provider: provider });
      }
      lastErrors.delete(channelName);
      context.userId = result.user_id ?? context.userId;
      return result;
    } catch (error) {
      const realtimeError = RealtimeError.isInstance(error)
        ? error
        : new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" failed: ${(error as Error)?.message ?? error}`, {
            provider: provider,
            cause: error,
          });
      lastErrors.set(channelName, realtimeError);
      throw realtimeError;
    }
  };

  return {
    async prefetch(socketId, channelName) {
      prefetched.set(channelName, { socketId, result: await request(socketId, channelName) });
    },
    handler({ socketId, channelName }, callback: ChannelAuthorizationCallback) {
      const ready = prefetched.get(channelName);
      prefetched.delete(channelName);
      if (ready?.socketId === socketId) return callback(null, ready.result);
      request(socketId, channelName).then(
        (result) => callback(null, result),
        (error: Error) => callback(error, null),
      );
    },
  };
}
