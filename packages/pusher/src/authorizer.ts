/**
 * Server side of Pusher channel authorization: maps the Pusher channel name back to the logical
 * name, lets the app's access rules decide, and signs the subscription. Presence identity always
 * comes from the server-side user; Web Crypto keeps it usable on edge runtimes.
 */
import {
  type AuthUser,
  assertAuthUser,
  type ProviderAuthorizer,
  RealtimeError,
  type StandardSchemaV1,
  validateWithSchema,
} from '@switchboard/core';
import { PUSHER_PROVIDER } from './capabilities.js';
import { fromPusherChannelName } from './channel-names.js';
import { PRESENCE_DATA_FIELD, PRESENCE_MODE_FIELD, type PresenceUserInfo, WATCHER_USER_ID } from './presence-fields.js';
import type { PusherPresenceRecord } from './presence-record.js';

/** Options of {@link pusherAuthorizer}. */
export interface PusherAuthorizerOptions {
  /** App key; public, sent to browsers. */
  key: string;
  /** App secret; signs subscriptions and never leaves the server. */
  secret: string;
  /** Cluster browsers connect to. @default 'mt1' unless `wsHost` is set */
  cluster?: string;
  /** WebSocket host of a self-hosted Pusher-protocol server. */
  wsHost?: string;
  /** WebSocket port of `wsHost`. */
  wsPort?: number;
  /** @default true */
  forceTLS?: boolean;
  /**
   * Remembers every member's signed `user_info`, so a publisher given the same record can tell
   * members' data (Pusher's HTTP API lists ids only). See {@link memoryPresenceRecord}.
   * @default undefined
   */
  presenceRecord?: PusherPresenceRecord;
}

/** What a private or presence authorization returns: the body pusher-js expects. */
export interface PusherChannelAuthorization {
  /** `key:signature` of the subscription. */
  auth: string;
  /** Presence channels: the member's JSON (`user_id`, `user_info: { info, data }`), covered by the signature. */
  channel_data?: string;
  /**
   * The signed-in user's id, for the subscriber only (Pusher never sees it): it drops messages
   * published with `excludeUserId` equal to it. Not a credential; a page that lies only hides
   * messages from itself.
   */
  user_id?: string;
}

const SOCKET_ID = /^\d+\.\d+$/;
const MAX_USER_INFO_BYTES = 1024;
const encoder = new TextEncoder();

async function hmacSha256Hex(secret: string, text: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

async function presenceMember(user: AuthUser, body: Record<string, unknown>, schema: StandardSchemaV1 | undefined, channel: string) {
  if (field(body, PRESENCE_MODE_FIELD) === 'watch') return { user_id: WATCHER_USER_ID };
  const userId = String(user.id);
  if (userId === WATCHER_USER_ID || userId.length === 0 || userId.length > 128) {
    throw new RealtimeError('FORBIDDEN', `User id "${userId.slice(0, 40)}" cannot be a Pusher presence member`, {
      provider: PUSHER_PROVIDER,
    });
  }
  const rawData = field(body, PRESENCE_DATA_FIELD);
  let data: unknown;
  if (rawData !== undefined) {
    try {
      data = JSON.parse(rawData);
    } catch (cause) {
      throw new RealtimeError('VALIDATION_FAILED', `${PRESENCE_DATA_FIELD} is not JSON`, { provider: PUSHER_PROVIDER, cause });
    }
    if (schema) data = await validateWithSchema(schema, data, `Presence data on "${channel}"`);
  }
  // The server's profile and the client's data stay apart: a client can never replace the profile.
  const userInfo: PresenceUserInfo = {};
  if (user.info !== undefined) userInfo.info = user.info;
  if (data !== undefined) userInfo.data = data;
  if (encoder.encode(JSON.stringify(userInfo)).byteLength > MAX_USER_INFO_BYTES) {
    throw new RealtimeError('PAYLOAD_TOO_LARGE', 'Presence data and profile are larger than the 1 KB Pusher allows', {
      provider: PUSHER_PROVIDER,
    });
  }
  return Object.keys(userInfo).length === 0 ? { user_id: userId } : { user_id: userId, user_info: userInfo };
}

/** The channel of a signed-in user's events; only connections signed in as that user may join it. */
const USER_CHANNEL_PREFIX = '#server-to-user-';

/** What the auth endpoint answers pusher-js's user authentication with. */
export interface PusherUserAuthentication {
  /** `key:HMAC-SHA256(secret, socket_id::user::user_data)`. */
  auth: string;
  /** `{"id": <the authenticated user's id>}`, as JSON. */
  user_data: string;
  /** The user's id, for the subscriber (as on channel authorizations); pusher-js sends Pusher only `auth` and `user_data`. */
  user_id: string;
}

/**
 * Signs the authenticated user in on this socket (Pusher's user authentication): the id is the
 * server's, never the request's, so a connection can only ever join its own `#server-to-user-{id}`.
 */
async function signIn(options: PusherAuthorizerOptions, socketId: string, user: AuthUser): Promise<PusherUserAuthentication> {
  const userData = JSON.stringify({ id: user.id });
  return {
    auth: `${options.key}:${await hmacSha256Hex(options.secret, `${socketId}::user::${userData}`)}`,
    user_data: userData,
    user_id: user.id,
  };
}

/**
 * The Pusher ProviderAuthorizer for `createAuthHandler`: reads `socket_id` and `channel_name` (form
 * fields pusher-js posts), checks the logical channel with the app's rules, and signs
 * `socket_id:channel` (private) or `socket_id:channel:channel_data` (presence). A request with
 * `socket_id` alone is pusher-js's user sign-in: it signs `socket_id::user::user_data` for the
 * authenticated user.
 */
export function pusherAuthorizer(options: PusherAuthorizerOptions): ProviderAuthorizer {
  if (!options.key || !options.secret) {
    throw new RealtimeError('CONFIG', 'pusherAuthorizer needs key and secret', { provider: PUSHER_PROVIDER });
  }
  return {
    provider: PUSHER_PROVIDER,
    publicConfig() {
      const config: Record<string, unknown> = { key: options.key, cluster: options.cluster ?? (options.wsHost ? 'local' : 'mt1') };
      if (options.wsHost !== undefined) config.wsHost = options.wsHost;
      if (options.wsPort !== undefined) config.wsPort = options.wsPort;
      config.forceTLS = options.forceTLS ?? true;
      return config;
    },
    async authorize({ user, body, check }): Promise<PusherChannelAuthorization | PusherUserAuthentication> {
      assertAuthUser(user, PUSHER_PROVIDER);
      const socketId = field(body, 'socket_id');
      const pusherName = field(body, 'channel_name');
      if (!socketId || !SOCKET_ID.test(socketId)) {
        throw new RealtimeError('INVALID_CHANNEL', 'socket_id is missing or not a Pusher socket id', { provider: PUSHER_PROVIDER });
      }
      // pusher-js's user authentication (`pusher.user.signin()`), for user streams: no channel_name, or
      // the `#server-to-user-{id}` of the stream Switchboard's subscriber wants (refused for another user).
      if (pusherName === undefined || pusherName.startsWith(USER_CHANNEL_PREFIX)) {
        const owner = pusherName?.slice(USER_CHANNEL_PREFIX.length);
        if (owner !== undefined && owner !== user.id) {
          const reason = `only user ${owner.slice(0, 128)} may listen to their user stream`;
          throw new RealtimeError('FORBIDDEN', reason, { provider: PUSHER_PROVIDER, details: { channel: pusherName, reason } });
        }
        return signIn(options, socketId, user);
      }
      const mapped = fromPusherChannelName(pusherName);
      if (!mapped || mapped.access === 'public') {
        throw new RealtimeError(
          'INVALID_CHANNEL',
          `"${String(pusherName).slice(0, 80)}" is not a private or presence channel of this app`,
          {
            provider: PUSHER_PROVIDER,
          },
        );
      }
      const verdict = await check(mapped.name);
      const definition = verdict.channel?.definition;
      if (definition && definition.access !== mapped.access) {
        throw new RealtimeError('INVALID_CHANNEL', `"${mapped.name}" is a ${definition.access} channel, not ${mapped.access}`, {
          provider: PUSHER_PROVIDER,
        });
      }
      if (!verdict.allowed) {
        throw new RealtimeError('FORBIDDEN', verdict.reason ?? `access to "${mapped.name}" denied`, {
          provider: PUSHER_PROVIDER,
          details: { channel: mapped.name, reason: verdict.reason },
        });
      }
      const channel = pusherName as string;
      if (mapped.access === 'private') {
        return { auth: `${options.key}:${await hmacSha256Hex(options.secret, `${socketId}:${channel}`)}`, user_id: user.id };
      }
      const member = await presenceMember(user, body, definition?.presence, mapped.name);
      if (options.presenceRecord && member.user_id !== WATCHER_USER_ID) {
        await options.presenceRecord.remember(channel, member.user_id, ('user_info' in member && member.user_info) || {});
      }
      const channelData = JSON.stringify(member);
      return {
        auth: `${options.key}:${await hmacSha256Hex(options.secret, `${socketId}:${channel}:${channelData}`)}`,
        channel_data: channelData,
        user_id: user.id,
      };
    },
  };
}
