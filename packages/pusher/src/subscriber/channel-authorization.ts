/**
 * Channel authorization for pusher-js, through one `customHandler`: either the app's callback or a
 * POST of form fields to the shared auth endpoint. The handler adds Switchboard's presence intent
 * (watch, or member with data) and can hand out a credential fetched ahead of time, so switching
 * identity on a presence channel re-subscribes without waiting for a round trip.
 */
import { type CredentialFetchOptions, fetchCredential, RealtimeError } from '@switchboard/core/adapter';
import type { ChannelAuthorizationCallback, ChannelAuthorizationHandler } from 'pusher-js';
import { PUSHER_PROVIDER } from '../capabilities.js';
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
  /** The last refusal per channel, so a refused subscription rejects with the real reason. */
  lastErrors: Map<string, RealtimeError>;
  /** The signed-in user, as the last authorization named it. */
  userId?: string | undefined;
}

export function createChannelAuthorization(
  options: AuthorizationOptions,
  intentOf: (channelName: string) => PresenceIntent | undefined,
): ChannelAuthorization {
  const prefetched = new Map<string, { socketId: string; result: PusherAuthorizationResult }>();
  const lastErrors = new Map<string, RealtimeError>();

  const request = async (socketId: string, channelName: string): Promise<PusherAuthorizationResult> => {
    const body: Record<string, string> = { socket_id: socketId, channel_name: channelName };
    const intent = intentOf(channelName);
    if (intent?.mode === 'watch') body[PRESENCE_MODE_FIELD] = 'watch';
    if (intent?.mode === 'member' && intent.data !== undefined) body[PRESENCE_DATA_FIELD] = JSON.stringify(intent.data);
    try {
      if (!options.authorize && !options.authEndpoint) {
        throw new RealtimeError('CONFIG', 'Private and presence channels need authEndpoint or authorize', { provider: PUSHER_PROVIDER });
      }
      const result = (
        options.authorize
          ? await options.authorize({ socketId, channelName, body })
          : await fetchCredential(options, new URLSearchParams(body), PUSHER_PROVIDER)
      ) as PusherAuthorizationResult | undefined;
      if (typeof result?.auth !== 'string') {
        throw new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" returned no auth string`, { provider: PUSHER_PROVIDER });
      }
      lastErrors.delete(channelName);
      authorization.userId = result.user_id ?? authorization.userId;
      return result;
    } catch (error) {
      const realtimeError = RealtimeError.isInstance(error)
        ? error
        : new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" failed: ${(error as Error)?.message ?? error}`, {
            provider: PUSHER_PROVIDER,
            cause: error,
          });
      lastErrors.set(channelName, realtimeError);
      throw realtimeError;
    }
  };

  const authorization: ChannelAuthorization = {
    lastErrors,
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
  return authorization;
}
