/**
 * Channel authorization for pusher-js, through one `customHandler`: either the app's callback or a
 * POST of form fields to the shared auth endpoint. The handler adds Switchboard's presence intent
 * (watch, or member with data) and can hand out a credential fetched ahead of time, so switching
 * identity on a presence channel re-subscribes without waiting for a round trip.
 */
import { RealtimeError } from '@switchboard/core/adapter';
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
}

export interface AuthorizationOptions {
  /** The app's auth endpoint; pusher-js POSTs `socket_id` and `channel_name` to it. */
  authEndpoint?: string | undefined;
  /** Headers sent with every authorization request (a bearer token). */
  authHeaders?: Record<string, string> | (() => Record<string, string>) | undefined;
  /** Replaces the HTTP call: authorize a subscription yourself. */
  authorize?: ((request: PusherAuthorizationRequest) => Promise<PusherAuthorizationResult>) | undefined;
}

function errorFromStatus(status: number, text: string): RealtimeError {
  let reason = text.trim();
  try {
    const parsed = JSON.parse(text) as { reason?: string; message?: string; error?: string | { message?: string } };
    reason = parsed.reason ?? parsed.message ?? (typeof parsed.error === 'string' ? parsed.error : parsed.error?.message) ?? reason;
  } catch {}
  const code = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 400 ? 'INVALID_CHANNEL' : 'PROVIDER_UNAVAILABLE';
  return new RealtimeError(code, `Auth endpoint answered ${status}${reason ? `: ${reason}` : ''}`, {
    provider: PUSHER_PROVIDER,
    details: { status, reason },
  });
}

export class ChannelAuthorization {
  private readonly prefetched = new Map<string, { socketId: string; result: PusherAuthorizationResult }>();
  /** The last refusal per channel, so a refused subscription rejects with the real reason. */
  readonly lastErrors = new Map<string, RealtimeError>();

  constructor(
    private readonly options: AuthorizationOptions,
    private readonly intentOf: (channelName: string) => PresenceIntent | undefined,
  ) {}

  /** Authorizes now for `socketId`; the next subscribe of this channel on that socket uses it. */
  async prefetch(socketId: string, channelName: string): Promise<void> {
    const result = await this.request(socketId, channelName);
    this.prefetched.set(channelName, { socketId, result });
  }

  readonly handler: ChannelAuthorizationHandler = ({ socketId, channelName }, callback: ChannelAuthorizationCallback) => {
    const ready = this.prefetched.get(channelName);
    this.prefetched.delete(channelName);
    if (ready && ready.socketId === socketId) {
      callback(null, ready.result);
      return;
    }
    this.request(socketId, channelName).then(
      (result) => callback(null, result),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };

  private async request(socketId: string, channelName: string): Promise<PusherAuthorizationResult> {
    const body: Record<string, string> = { socket_id: socketId, channel_name: channelName };
    const intent = this.intentOf(channelName);
    if (intent?.mode === 'watch') body[PRESENCE_MODE_FIELD] = 'watch';
    if (intent?.mode === 'member' && intent.data !== undefined) body[PRESENCE_DATA_FIELD] = JSON.stringify(intent.data);
    try {
      const result = this.options.authorize ? await this.options.authorize({ socketId, channelName, body }) : await this.post(body);
      if (typeof result?.auth !== 'string') {
        throw new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" returned no auth string`, { provider: PUSHER_PROVIDER });
      }
      this.lastErrors.delete(channelName);
      return result;
    } catch (error) {
      const realtimeError = RealtimeError.isInstance(error)
        ? error
        : new RealtimeError('UNAUTHORIZED', `Authorization of "${channelName}" failed: ${(error as Error)?.message ?? error}`, {
            provider: PUSHER_PROVIDER,
            cause: error,
          });
      this.lastErrors.set(channelName, realtimeError);
      throw realtimeError;
    }
  }

  private async post(body: Record<string, string>): Promise<PusherAuthorizationResult> {
    const endpoint = this.options.authEndpoint;
    if (!endpoint) {
      throw new RealtimeError('CONFIG', 'Private and presence channels need authEndpoint or authorize', { provider: PUSHER_PROVIDER });
    }
    const headers = typeof this.options.authHeaders === 'function' ? this.options.authHeaders() : (this.options.authHeaders ?? {});
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    } catch (cause) {
      throw new RealtimeError('PROVIDER_UNAVAILABLE', `Auth endpoint ${endpoint} is unreachable`, { provider: PUSHER_PROVIDER, cause });
    }
    if (!response.ok) throw errorFromStatus(response.status, await response.text().catch(() => ''));
    return (await response.json()) as PusherAuthorizationResult;
  }
}
