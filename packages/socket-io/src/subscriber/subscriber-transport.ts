/**
 * The subscriber transport core loads for `createSubscriber({ provider: 'socket-io', ... })`, on
 * the adapter kit (connection state, credential fetch, refusal shape) and socket.io-client.
 */
import type { ChannelSink, ConnectionState, PresenceConnection, SubscriberTransport } from '@switchboard/core/adapter';
import { createConnectionState, RealtimeError, SPECIFICATION_VERSION, subscriptionRefused } from '@switchboard/core/adapter';
import { io, type Socket } from 'socket.io-client';
import { type HandshakeRefusal, PROVIDER, type PresenceWireEvent, socketIoCapabilities, socketIoLimits, WIRE } from '../constants.js';
import { createHubRequests } from './hub-requests.js';
import { createMacrotaskQueue } from './ordered-presence.js';
import type { SocketIoSubscriberOptions } from './subscriber-options.js';
import { tokenSource } from './token-source.js';

interface ChannelEntry {
  sink: ChannelSink;
  /** The hub confirmed it; only confirmed channels are resubscribed after a fresh reconnect. */
  confirmed: boolean;
}

/** The Socket.IO subscriber transport, with the socket its `/client-events` entry carries client events on. */
export interface SocketIoSubscriberTransport extends SubscriberTransport {
  /** The socket.io-client socket, once `connect()` opened it. */
  sdk(): Socket | undefined;
}

/**
 * The subscriber transport core loads for `createSubscriber({ provider: 'socket-io', ... })`.
 * One socket.io-client connection; channels are rooms joined through acknowledged requests.
 * After a short drop socket.io restores the session and replays what was missed (reported with
 * `recovered: true`); when it cannot, this transport resubscribes, re-enters presence and reports a gap.
 */
export function createSubscriberTransport(options: SocketIoSubscriberOptions): SocketIoSubscriberTransport {
  if (typeof options?.url !== 'string' || !/^(https?|wss?):\/\//.test(options.url)) {
    throw new RealtimeError('CONFIG', `The Socket.IO subscriber needs the hub url, got ${JSON.stringify(options?.url)}`, {
      provider: PROVIDER,
    });
  }
  const tokens = tokenSource(options);
  const refreshable = typeof options.token === 'function' || (options.token === undefined && options.authEndpoint !== undefined);
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const connection = createConnectionState();
  const channels = new Map<string, ChannelEntry>();
  const entered = new Map<string, unknown>();
  let socket: Socket | undefined;
  let failure: RealtimeError | undefined;
  let everConnected = false;
  let awaitingConnect = false;
  let disconnectedAt: number | undefined;
  let recoveryWindowMs: number | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  /** Why the hub is about to disconnect this client on purpose (`disconnectUser`). */
  let revokedReason: string | undefined;
  const presenceEvents = createMacrotaskQueue();

  const requests = createHubRequests({
    socket: () => socket,
    state: connection.current,
    failure: () => failure,
    timeoutMs: requestTimeoutMs,
  });
  const { request } = requests;

  const setState = (current: ConnectionState, reason?: RealtimeError, raw?: unknown) => {
    if (current === 'failed' && connection.current() !== 'closed') {
      failure = reason;
      requests.rejectAll(reason ?? new RealtimeError('PROVIDER_UNAVAILABLE', 'Connection failed', { provider: PROVIDER }));
    }
    connection.set(current, reason, raw);
  };

  /** Retries the handshake later: the token could not be fetched, or an expired one was refused. */
  const retryLater = (reason: RealtimeError) => {
    setState(everConnected ? 'reconnecting' : 'connecting', reason);
    const base = options.reconnectionDelayMs ?? 1000;
    const delay = Math.min(options.reconnectionDelayMaxMs ?? 5000, base * 2 ** retries++) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(() => socket?.connect(), delay);
  };

  function onConnect(current: Socket): void {
    const recovered = awaitingConnect && current.recovered === true;
    awaitingConnect = false;
    retries = 0;
    if (everConnected && !recovered) {
      // A fresh session: the hub forgot this connection's rooms and presence.
      const since = disconnectedAt;
      const exceeded = recoveryWindowMs !== undefined && since !== undefined && Date.now() - since > recoveryWindowMs;
      for (const [name, entry] of channels) {
        if (!entry.confirmed) continue;
        request(WIRE.subscribe, { channel: name }).then(
          () => entry.sink.gap({ reason: exceeded ? 'recovery-window-exceeded' : 'reconnected-without-recovery', since }),
          (error: RealtimeError) => {
            if (channels.get(name) === entry) channels.delete(name);
            entry.sink.error(error);
          },
        );
      }
      for (const [name, data] of entered) {
        request(WIRE.presenceEnter, { channel: name, data }).catch((error: RealtimeError) => channels.get(name)?.sink.error(error));
      }
    }
    everConnected = true;
    setState('connected');
  }

  function open(): Socket {
    if (socket) return socket;
    const created = io(options.url, {
      reconnectionDelay: options.reconnectionDelayMs ?? 1000,
      reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 5000,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      ...options.socketOptions,
      forceNew: true,
      autoConnect: false,
      auth: (callback) => {
        tokens().then(
          (token) => callback(token ? { token } : {}),
          (error: unknown) => {
            const reason = RealtimeError.isInstance(error)
              ? error
              : new RealtimeError('UNAUTHORIZED', String(error), { provider: PROVIDER, cause: error });
            created.disconnect();
            // The endpoint answered (401, 403, 429...): what waits on this connection is refused, as on every provider.
            if (reason.details?.status) requests.rejectAll(reason);
            if (reason.retriable) retryLater(reason);
            else setState('failed', reason);
          },
        );
      },
    });
    created.on('connect', () => onConnect(created));
    created.on(WIRE.revoked, (info: { reason?: unknown } | undefined) => {
      revokedReason = typeof info?.reason === 'string' ? info.reason.slice(0, 200) : 'revoked';
    });
    created.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      disconnectedAt = Date.now();
      awaitingConnect = true;
      if (created.active) setState('reconnecting', undefined, reason);
      else
        setState(
          'disconnected',
          revokedReason
            ? new RealtimeError('UNAUTHORIZED', `The hub disconnected this user: ${revokedReason}`, { provider: PROVIDER })
            : new RealtimeError('PROVIDER_UNAVAILABLE', `The hub closed the connection (${reason})`, { provider: PROVIDER }),
          reason,
        );
    });
    created.on('connect_error', (error: Error & { data?: Partial<HandshakeRefusal> }) => {
      if (created.active) return setState(everConnected ? 'reconnecting' : 'connecting', undefined, error);
      // The hub's middleware refused the handshake.
      const reason = new RealtimeError('UNAUTHORIZED', `The hub refused the connection: ${error.data?.reason ?? error.message}`, {
        provider: PROVIDER,
        cause: error,
      });
      if (error.data?.expired && refreshable && retries < 3) return retryLater(reason);
      setState('failed', reason, error);
    });
    created.io.on('reconnect_attempt', () => setState('reconnecting'));
    created.io.on('reconnect_failed', () =>
      setState('failed', new RealtimeError('PROVIDER_UNAVAILABLE', 'Gave up reconnecting to the hub', { provider: PROVIDER })),
    );
    created.on(WIRE.hello, (info: { recoveryWindowMs?: unknown }) => {
      if (typeof info?.recoveryWindowMs === 'number') recoveryWindowMs = info.recoveryWindowMs;
    });
    created.on(WIRE.message, (channel: string, envelope: unknown) => {
      // Replayed packets arrive between the reconnection and the `connect` event, with `recovered` set.
      channels.get(channel)?.sink.message({ envelope, recovered: awaitingConnect && created.recovered === true });
    });
    created.on(WIRE.presence, (channel: string, event: PresenceWireEvent) => {
      if (event && typeof event.member?.userId === 'string') presenceEvents.push(() => channels.get(channel)?.sink.presence(event));
    });
    socket = created;
    return created;
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: socketIoCapabilities,
    limits: socketIoLimits(options.maxPayloadBytes),
    state: connection.current,
    connectionId: () => (socket?.connected ? socket.id : undefined),
    sdk: () => socket,
    onStateChange: connection.onChange,
    connect() {
      if (connection.current() !== 'idle') return;
      setState('connecting');
      open().connect();
    },
    async attach(channel, sink) {
      const entry: ChannelEntry = { sink, confirmed: false };
      channels.set(channel.name, entry);
      this.connect();
      try {
        await request(WIRE.subscribe, { channel: channel.name });
        entry.confirmed = true;
      } catch (error) {
        if (channels.get(channel.name) === entry) channels.delete(channel.name);
        throw subscriptionRefused(channel.name, error as RealtimeError);
      }
    },
    async detach(channel) {
      channels.delete(channel.name);
      entered.delete(channel.name);
      if (['closed', 'failed'].includes(connection.current())) return;
      await request(WIRE.unsubscribe, { channel: channel.name });
    },
    presence: {
      async enter(channel, data) {
        entered.set(channel.name, data);
        await request(WIRE.presenceEnter, { channel: channel.name, data });
      },
      async update(channel, data) {
        entered.set(channel.name, data);
        await request(WIRE.presenceUpdate, { channel: channel.name, data });
      },
      async leave(channel) {
        entered.delete(channel.name);
        await request(WIRE.presenceLeave, { channel: channel.name });
      },
      members: (channel) => request<PresenceConnection[]>(WIRE.presenceMembers, { channel: channel.name }),
    },
    async close() {
      if (connection.current() === 'closed') return;
      if (retryTimer) clearTimeout(retryTimer);
      presenceEvents.clear();
      requests.rejectAll(new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PROVIDER }));
      setState('closed');
      socket?.disconnect();
      channels.clear();
      entered.clear();
    },
  };
}
