/**
 * The subscriber transport on pusher-js. pusher-js reconnects and re-subscribes on its own; this
 * layer maps its states, reports a gap on every channel after a reconnect (Pusher keeps no
 * history), turns refusals into RealtimeErrors, and keeps "listening" apart from "entered" on
 * presence channels by switching between a watcher and a member credential.
 */
import type { ChannelRef, ChannelSink, GapInfo, PresenceConnection, SubscriberTransport } from '@switchboard/core/adapter';
import {
  createConnectionState,
  fetchCredential,
  loadChunk,
  RealtimeError,
  SPECIFICATION_VERSION,
  subscriptionRefused,
} from '@switchboard/core/adapter';
import type { Channel, Options, default as Pusher } from 'pusher-js';
import { PUSHER_PROVIDER, pusherCapabilities, pusherLimits } from '../capabilities.js';
import { pusherChannelName } from '../channel-names.js';
import type { AuthorizationContext, AuthorizationOptions, ChannelAuthorization, PresenceIntent } from './channel-authorization.js';
import { mapPusherState } from './connection-states.js';
import { pusherConstructor } from './pusher-constructor.js';

/** Options of the Pusher subscriber: the app key, where to connect, and how to authorize channels. */
export interface PusherSubscriberOptions extends AuthorizationOptions {
  /** App key (public). */
  key: string;
  /** Cluster of a hosted app. @default 'mt1', or 'local' when `wsHost` is set */
  cluster?: string;
  /** WebSocket host of a self-hosted Pusher-protocol server. */
  wsHost?: string;
  /** WebSocket port of `wsHost`. */
  wsPort?: number;
  /** @default true */
  forceTLS?: boolean;
  /** Further pusher-js options, applied last. */
  pusherOptions?: Partial<Options>;
  /**
   * How long a reconnection may wait for every channel to be re-subscribed before it reports
   * `connected` anyway, in ms.
   * @default 15000
   */
  resubscribeTimeoutMs?: number;
}

export interface AttachedChannel {
  ref: ChannelRef;
  name: string;
  sink: ChannelSink;
  intent: PresenceIntent | undefined;
  channel: Channel | undefined;
  settled: Promise<void>;
  settle: { resolve(): void; reject(error: RealtimeError): void };
  pendingGap: Omit<GapInfo, 'channel'> | undefined;
  /** Each member's signed `user_info`, by user id. */
  members: Map<string, unknown>;
  operations: Promise<void>;
  /** Set after the first confirmed subscription: later refusals go to the sink, not to attach. */
  confirmed: boolean;
}

const INTERNAL_EVENT = /^(pusher:|pusher_internal:|client-)/;

function deferred(): Pick<AttachedChannel, 'settled' | 'settle'> {
  let settle!: AttachedChannel['settle'];
  const settled = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  settled.catch(() => {});
  return { settled, settle };
}

type PresenceMembers = typeof import('./presence-members.js');

/** The Pusher subscriber transport, with the pusher-js client its `/client-events` entry carries client events on. */
export interface PusherSubscriberTransport extends SubscriberTransport {
  /** The pusher-js client, once `connect()` made it. */
  sdk(): Pusher | undefined;
}

/** The Pusher subscriber transport on pusher-js; pass it as `createSubscriber({ adapter })` or use {@link pusherSubscriber}. */
export function createSubscriberTransport(options: PusherSubscriberOptions): PusherSubscriberTransport {
  if (typeof options?.key !== 'string' || options.key === '') {
    throw new RealtimeError('CONFIG', 'The pusher subscriber needs options.key', { provider: PUSHER_PROVIDER });
  }
  const attached = new Map<string, AttachedChannel>();
  const connection = createConnectionState();
  /** The last refusal per channel, so a refused subscription rejects with the real reason. */
  const lastErrors = new Map<string, RealtimeError>();
  let authorization: Promise<ChannelAuthorization> | undefined;
  const authorizationContext: AuthorizationContext = {
    intentOf: (name) => attached.get(name)?.intent,
    lastErrors,
    RealtimeError,
    fetchCredential,
    provider: PUSHER_PROVIDER,
  };
  /** Channel authorization, loaded when pusher-js first authorizes a private or presence channel. */
  const authorize = () =>
    (authorization ??= loadChunk(() => import('./channel-authorization.js'), 'channel-authorization.js', PUSHER_PROVIDER).then(
      (module) => module.createChannelAuthorization(options, authorizationContext),
      (error: unknown) => {
        // Not loaded (the chunk could not be fetched): the next authorization tries again.
        authorization = undefined;
        throw error;
      },
    ));
  let client: Pusher | undefined;
  /** Loaded with the first presence channel (`presence-members.ts`). */
  let presenceMembers: PresenceMembers | undefined;
  let hasConnected = false;
  let lostAt: number | undefined;
  const awaitingResubscribe = new Set<AttachedChannel>();
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = connection.set;
  const closed = () => connection.current() === 'closed';

  const finishReconnect = () => {
    if (resubscribeTimer) clearTimeout(resubscribeTimer);
    resubscribeTimer = undefined;
    awaitingResubscribe.clear();
    lostAt = undefined;
    setState('connected', undefined, 'resubscribed');
  };

  const connectionLost = (raw: unknown) => {
    if (!hasConnected) return;
    lostAt ??= Date.now();
    if (connection.current() === 'connected') setState('reconnecting', undefined, raw);
  };

  function onPusherState({ current }: { previous: string; current: string }): void {
    if (closed() || !client) return;
    if (current !== 'connected') {
      if (hasConnected) connectionLost(current);
      const reason =
        current === 'disconnected'
          ? new RealtimeError('UNAUTHORIZED', 'Pusher refused the connection and stopped reconnecting', { provider: PUSHER_PROVIDER })
          : undefined;
      setState(mapPusherState(current, hasConnected), reason, current);
      return;
    }
    // pusher-js stays "connected" for a second after its socket closes; listen for the close itself.
    (client.connection.connection as unknown as { bind?(event: string, callback: () => void): void } | undefined)?.bind?.('closed', () =>
      connectionLost('socket closed'),
    );
    if (!hasConnected) {
      hasConnected = true;
      setState('connected', undefined, current);
      return;
    }
    // A reconnection: report `connected` once every channel is re-subscribed, each with its gap.
    for (const entry of attached.values()) {
      entry.pendingGap ??= { reason: 'reconnected-without-recovery', ...(lostAt !== undefined ? { since: lostAt } : {}) };
      if (!entry.channel?.subscribed) awaitingResubscribe.add(entry);
    }
    if (awaitingResubscribe.size === 0) {
      finishReconnect();
      return;
    }
    setState('reconnecting', undefined, current);
    resubscribeTimer = setTimeout(finishReconnect, options.resubscribeTimeoutMs ?? 15_000);
  }

  function ensureClient(): Pusher {
    if (client) return client;
    const selfHosted = options.wsHost !== undefined;
    const PusherClient = pusherConstructor();
    client = new PusherClient(options.key, {
      cluster: options.cluster ?? (selfHosted ? 'local' : 'mt1'),
      forceTLS: options.forceTLS ?? true,
      ...(selfHosted ? { wsHost: options.wsHost, enabledTransports: ['ws', 'wss'] } : {}),
      ...(options.wsPort !== undefined ? { wsPort: options.wsPort, wssPort: options.wsPort } : {}),
      channelAuthorization: {
        customHandler: (request, callback) =>
          authorize().then(
            (loaded) => loaded.handler(request, callback),
            (error: RealtimeError) => {
              // The subscription is refused with this reason, not pusher-js's generic one.
              lastErrors.set(request.channelName, error);
              callback(error, null);
            },
          ),
      },
      ...options.pusherOptions,
    } as Options);
    client.connection.bind('state_change', onPusherState);
    return client;
  }

  function subscribe(entry: AttachedChannel): void {
    const channel = ensureClient().subscribe(entry.name);
    entry.channel = channel;
    const current = () => entry.channel === channel && attached.get(entry.name) === entry;
    channel.bind('pusher:subscription_succeeded', () => {
      if (!current()) return;
      if (entry.intent) presenceMembers?.resolveMembers(entry, channel);
      if (entry.pendingGap) entry.sink.gap(entry.pendingGap);
      entry.pendingGap = undefined;
      entry.confirmed = true;
      entry.settle.resolve();
      if (awaitingResubscribe.delete(entry) && awaitingResubscribe.size === 0) finishReconnect();
    });
    channel.bind('pusher:subscription_error', (data: { error?: string; status?: number } | undefined) => {
      if (!current()) return;
      const error = subscriptionRefused(
        entry.ref.name,
        lastErrors.get(entry.name) ??
          new RealtimeError('FORBIDDEN', 'Pusher refused the subscription', {
            provider: PUSHER_PROVIDER,
            details: { status: data?.status, reason: data?.error ?? 'subscription error' },
          }),
      );
      // pusher-js leaves a refused channel pending; forget it so a later subscribe asks again.
      client?.channels.remove(entry.name);
      attached.delete(entry.name);
      entry.settle.reject(error);
      if (entry.confirmed) entry.sink.error(error);
      if (awaitingResubscribe.delete(entry) && awaitingResubscribe.size === 0) finishReconnect();
    });
    if (entry.intent) presenceMembers?.bindMembers(entry, channel, current);
    channel.bind_global((event: string, data: unknown) => {
      if (!current() || INTERNAL_EVENT.test(event)) return;
      // `excludeUserId`: Pusher delivers it to everyone; the excluded user's pages drop it (envelope position 11).
      if ((data as unknown[] | null)?.[11] === (authorizationContext.userId ?? 0)) return;
      entry.sink.message({ envelope: data, recovered: false });
    });
  }

  /** Switches a presence channel's identity (`presence-members.ts`, loaded when the channel attached). */
  function changeIntent(ref: ChannelRef, intent: PresenceIntent): Promise<void> {
    const entry = attached.get(pusherChannelName(ref));
    return entry && presenceMembers
      ? presenceMembers.changeIntent(entry, intent, { client: () => client, authorize, deferred, subscribe })
      : Promise.reject(new RealtimeError('CLOSED', `"${ref.name}" is not attached`, { provider: PUSHER_PROVIDER }));
  }

  /** Enters, or updates the data of a member already in: both switch to a member credential with this data. */
  const enter = (ref: ChannelRef, data: unknown) => changeIntent(ref, { mode: 'member', data });

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PUSHER_PROVIDER,
    capabilities: pusherCapabilities,
    limits: pusherLimits,
    state: connection.current,
    connectionId: () => (connection.current() === 'connected' ? client?.connection.socket_id : undefined),
    sdk: () => client,
    onStateChange: connection.onChange,
    connect() {
      if (closed() || client) return;
      setState('connecting');
      ensureClient();
    },
    async attach(ref, sink) {
      // The authorization code loads while the connection opens, not after pusher-js asks for it.
      if (ref.definition.access !== 'public') authorize().catch(() => {});
      // Before anything else, so what follows runs without a pause, as for any other channel.
      if (ref.definition.access === 'presence')
        presenceMembers ??= await loadChunk(() => import('./presence-members.js'), 'presence-members.js', PUSHER_PROVIDER);
      if (closed()) throw new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PUSHER_PROVIDER });
      // A user stream rides Pusher's user sign-in, loaded with the first one: other pages carry none of it.
      if ((ref.definition as { userStream?: true }).userStream)
        return (await loadChunk(() => import('./user-sign-in.js'), 'user-sign-in.js', PUSHER_PROVIDER)).default(
          ensureClient(),
          ref,
          sink,
          await authorize(),
          lastErrors,
          subscriptionRefused,
          RealtimeError,
        );
      const name = pusherChannelName(ref);
      const existing = attached.get(name);
      if (existing) return existing.settled;
      const entry: AttachedChannel = {
        ref,
        name,
        sink,
        intent: ref.definition.access === 'presence' ? { mode: 'watch' } : undefined,
        channel: undefined,
        ...deferred(),
        pendingGap: undefined,
        members: new Map(),
        operations: Promise.resolve(),
        confirmed: false,
      };
      attached.set(name, entry);
      subscribe(entry);
      return entry.settled;
    },
    async detach(ref) {
      const name = pusherChannelName(ref);
      const entry = attached.get(name);
      if (!entry) return;
      attached.delete(name);
      awaitingResubscribe.delete(entry);
      client?.unsubscribe(name);
    },
    presence: {
      enter,
      update: enter,
      leave: (ref) => changeIntent(ref, { mode: 'watch' }),
      async members(ref): Promise<PresenceConnection[]> {
        const entry = attached.get(pusherChannelName(ref));
        // Not loaded: no presence channel was attached, so no member was ever seen.
        return entry && presenceMembers ? presenceMembers.members(entry) : [];
      },
    },
    async close() {
      if (closed()) return;
      // Closed first: the kit's close guard then ignores what pusher-js reports while disconnecting.
      setState('closed');
      if (resubscribeTimer) clearTimeout(resubscribeTimer);
      const error = new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PUSHER_PROVIDER });
      for (const entry of attached.values()) entry.settle.reject(error);
      attached.clear();
      client?.disconnect();
    },
  };
}
