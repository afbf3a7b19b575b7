/**
 * The publisher transport on the `pusher` Node SDK: one `trigger` per single message, one
 * `triggerBatch` per batch (core chunks to 10), one `sendToUser` per message to a user stream
 * (Pusher's user sign-in), exclusion through `socket_id`, server presence
 * through `GET /channels/{name}/users` and health through a channel-info call.
 */
import {
  createPublisherFromTransport,
  encodeEnvelope,
  type HealthReport,
  healthReason,
  isUserStream,
  type OutboundMessage,
  type PresenceConnection,
  type ProviderStats,
  type PublisherCoreOptions,
  type PublisherTransport,
  RealtimeError,
  type RealtimePublisher,
  SPECIFICATION_VERSION,
} from '@switchboard/core';
import type Pusher from 'pusher';
import { PUSHER_PROVIDER, pusherCapabilities, pusherLimits } from './capabilities.js';
import { pusherChannelName } from './channel-names.js';
import { WATCHER_USER_ID } from './presence-fields.js';
import type { PusherPresenceRecord } from './presence-record.js';
import { fromRequestError } from './request-errors.js';

/** Options of the Pusher publisher: the app's credentials and where its API is. */
export interface PusherPublisherOptions {
  /** App id (`PUSHER_APP_ID`). */
  appId: string;
  /** App key (`PUSHER_KEY`). */
  key: string;
  /** App secret (`PUSHER_SECRET`); stays on the server. */
  secret: string;
  /** Cluster of a hosted app, e.g. `eu` (`PUSHER_CLUSTER`). Ignored when `host` is set. */
  cluster?: string;
  /** Host of a self-hosted Pusher-protocol server such as soketi or Reverb (`PUSHER_HOST`). */
  host?: string;
  /** Port of `host` (`PUSHER_PORT`). @default 443 with TLS, else 80 */
  port?: number | string;
  /**
   * Use HTTPS (`PUSHER_USE_TLS`).
   * @default true
   */
  useTLS?: boolean;
  /**
   * Timeout of each HTTP API call, in ms; a timeout is a retriable TIMEOUT error.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * The record the authorizer fills ({@link memoryPresenceRecord}): Pusher's HTTP API lists
   * presence members by id only, so `members(channel)` takes their data from here
   * (`source: 'recorded'`). Without it, members are `source: 'ids-only'` with no data.
   * @default undefined
   */
  presenceRecord?: PusherPresenceRecord;
  /**
   * How `publishToUser` reaches a user on Pusher. `sign-in`: Pusher's user sign-in, the server's
   * `sendToUser` to `#server-to-user-{id}`, which only that user's signed-in connections receive
   * (what `subscribeUser` listens to). `private-channel`: the private channel
   * `private-switchboard-user,{id}`, what subscribers before user sign-in listened to. `both`: each
   * message both ways (subscribers drop the second copy by id), for the rollout of a release that
   * moves from the one to the other.
   * @default 'sign-in'
   */
  userStreams?: 'sign-in' | 'private-channel' | 'both';
}

const SOCKET_ID = /^\d+\.\d+$/;
const HEALTH_CHANNEL = 'switchboard-health';

function requireOption(options: PusherPublisherOptions, name: 'appId' | 'key' | 'secret'): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RealtimeError('CONFIG', `The pusher publisher needs options.${name}`, {
      provider: PUSHER_PROVIDER,
      details: { option: name },
    });
  }
  return value;
}

// The SDK is imported on first use, so the authorizer in this entry works without it (edge runtimes).
async function loadSdk(): Promise<typeof Pusher> {
  try {
    const module = (await import('pusher')) as { default?: typeof Pusher };
    return module.default ?? (module as unknown as typeof Pusher);
  } catch (cause) {
    throw new RealtimeError('CONFIG', 'The pusher publisher needs the `pusher` package: npm install pusher', {
      provider: PUSHER_PROVIDER,
      cause,
    });
  }
}

function clientOptions(options: PusherPublisherOptions): Pusher.Options {
  const base = {
    appId: requireOption(options, 'appId'),
    key: requireOption(options, 'key'),
    secret: requireOption(options, 'secret'),
    useTLS: options.useTLS ?? true,
    timeout: options.timeoutMs ?? 10_000,
  };
  if (options.host) return { ...base, host: options.host, ...(options.port ? { port: String(options.port) } : {}) };
  if (!options.cluster) {
    throw new RealtimeError('CONFIG', 'The pusher publisher needs options.cluster (hosted Pusher) or options.host (self-hosted)', {
      provider: PUSHER_PROVIDER,
      details: { option: 'cluster' },
    });
  }
  return { ...base, cluster: options.cluster };
}

function socketIdOf(exclude: string | undefined): string | undefined {
  if (exclude === undefined) return undefined;
  if (!SOCKET_ID.test(exclude)) {
    throw new RealtimeError('CONFIG', `excludeConnectionId "${exclude}" is not a Pusher socket id (digits.digits)`, {
      provider: PUSHER_PROVIDER,
    });
  }
  return exclude;
}

/** The Pusher publisher transport; wrap it with `createPublisherFromTransport` or use {@link pusherPublisher}. */
export function createPublisherTransport(options: PusherPublisherOptions): PublisherTransport {
  const settings = clientOptions(options);
  const userStreams = options.userStreams ?? 'sign-in';
  if (!['sign-in', 'private-channel', 'both'].includes(userStreams)) {
    throw new RealtimeError('CONFIG', `userStreams must be 'sign-in', 'private-channel' or 'both', not ${JSON.stringify(userStreams)}`, {
      provider: PUSHER_PROVIDER,
    });
  }
  let loading: Promise<Pusher> | undefined;
  const call = async <T>(action: string, request: (client: Pusher) => Promise<T>): Promise<T> => {
    loading ??= loadSdk().then((Sdk) => new Sdk(settings));
    const client = await loading;
    try {
      return await request(client);
    } catch (error) {
      throw fromRequestError(error, action);
    }
  };

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PUSHER_PROVIDER,
    capabilities: pusherCapabilities,
    limits: pusherLimits,
    providerChannelName: pusherChannelName,

    async send(messages) {
      const toUsers: OutboundMessage[] = [];
      const events = messages.flatMap((message) => {
        const { channel, envelope } = message;
        if (userStreams !== 'private-channel' && isUserStream(channel)) {
          toUsers.push(message);
          if (userStreams === 'sign-in') return [];
        }
        const socketId = socketIdOf(envelope.exclude);
        return {
          channel: pusherChannelName(channel),
          name: envelope.event,
          // The compact envelope's JSON is the Pusher `data` string, serialized once: the SDK sends a string as is.
          data: JSON.stringify(encodeEnvelope(envelope)),
          ...(socketId ? { socket_id: socketId } : {}),
        };
      });
      const [single] = events;
      if (events.length === 1 && single) {
        const params = single.socket_id ? { socket_id: single.socket_id } : {};
        await call('Pusher trigger', (client) => client.trigger(single.channel, single.name, single.data, params));
      } else if (events.length > 1) {
        await call('Pusher triggerBatch', (client) => client.triggerBatch(events));
      }
      // One request per user: Pusher's API has no batch form of sendToUser, nor a socket_id for it
      // (an excluded connection is dropped by the subscriber, which checks every envelope's `exclude`).
      await Promise.all(
        toUsers.map(({ channel, envelope }) =>
          call('Pusher sendToUser', (client) =>
            client.sendToUser(channel.params.userId as string, envelope.event, JSON.stringify(encodeEnvelope(envelope))),
          ),
        ),
      );
    },

    async presenceMembers(channel) {
      const name = pusherChannelName(channel);
      const response = await call('Pusher presence query', (client) => client.get({ path: `/channels/${name}/users` }));
      const body = (await response.json()) as { users?: Array<{ id: string | number }> };
      const userIds = (body.users ?? []).map((user) => String(user.id)).filter((userId) => userId !== WATCHER_USER_ID);
      const record = options.presenceRecord;
      // Pusher lists ids only; the data comes from what the auth endpoint signed, when it shares a record.
      return Promise.all(
        userIds.map(async (userId): Promise<PresenceConnection> => {
          const userInfo = await record?.recall(name, userId);
          if (!userInfo) return { userId, dataSource: 'ids-only' };
          return { userId, data: userInfo.data, info: userInfo.info, dataSource: 'recorded' };
        }),
      );
    },

    async health(): Promise<HealthReport> {
      const started = Date.now();
      try {
        await call('Pusher health check', (client) => client.get({ path: `/channels/${HEALTH_CHANNEL}` }));
        return { status: 'healthy', provider: PUSHER_PROVIDER, latencyMs: Date.now() - started };
      } catch (error) {
        const realtimeError = error as RealtimeError;
        return {
          status: 'unhealthy',
          reasons: [healthReason('provider-unreachable', 'unhealthy', `Pusher's HTTP API does not answer: ${realtimeError.message}`)],
          provider: PUSHER_PROVIDER,
          latencyMs: Date.now() - started,
          details: { code: realtimeError.code, error: realtimeError.message },
        };
      }
    },

    async stats(): Promise<ProviderStats> {
      // Pusher tells occupied channels and, on presence channels, their users; not connections.
      const occupied = await call('Pusher channel query', (client) => client.get({ path: '/channels' }));
      const presence = await call('Pusher presence query', (client) =>
        client.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } }),
      );
      type ChannelList = { channels?: Record<string, { user_count?: number }> };
      const channels = Object.keys(((await occupied.json()) as ChannelList).channels ?? {}).filter((name) => name !== HEALTH_CHANNEL);
      const users = Object.values(((await presence.json()) as ChannelList).channels ?? {});
      return { channels: channels.length, presenceMembers: users.reduce((sum, channel) => sum + (channel.user_count ?? 0), 0) };
    },

    async close() {},
  };
}

/** A RealtimePublisher on Pusher Channels (or any Pusher-protocol server). */
export function pusherPublisher(options: PusherPublisherOptions & PublisherCoreOptions): RealtimePublisher {
  return createPublisherFromTransport(createPublisherTransport(options), options);
}
