import { createServer, type Server as HttpServer } from 'node:http';
import { createChannelChecker, type Envelope, type HubObserver, healthReason, RealtimeError } from '@switchboard/core';
import { loadPeer } from '@switchboard/core/adapter';
import type { Server, Socket } from 'socket.io';
import { HUB_WIRE, PROVIDER, socketIoLimits, WIRE } from '../constants.js';
import { excludedRooms, subscriberWire, userRoom } from '../user-room.js';
import { boundBufferedBytes } from './buffered-bytes-bound.js';
import type { ConnectionData } from './connection-data.js';
import { connectionData } from './connection-data.js';
import { checkHandshake, type HandshakeContext, handshakeAuthenticator } from './handshake.js';
import { createHttpEndpoint } from './http-endpoint.js';
import { installEndpoint, listenOn } from './http-server.js';
import { hubAdmin } from './hub-admin.js';
import { type HubOptions, resolveHubOptions } from './hub-options.js';
import { channelOccupancy, hubStats } from './hub-stats.js';
import type { Hub, HubMessage } from './hub-types.js';
import { clientEventWebhook, hubWebhookSender, reportOccupancy } from './hub-webhooks.js';
import { PresenceRegistry } from './presence-registry.js';
import { createRecoveryCatchUp, type RecoveryCatchUp } from './recovery-catch-up.js';
import { type RedisScaleOut, startRedisScaleOut } from './redis-scale-out.js';
import { memoryReplayGuard, redisReplayGuard } from './replay-guard.js';
import { createRevocations } from './revocations.js';
import { registerSocketHandlers } from './socket-handlers.js';

/** How long a revocation outlives the call: longer than any hub token should live. */
const REVOCATION_KEEP_MS = 24 * 60 * 60 * 1000;

/** socket.io's Namespace internals the recovery check hooks into (present since 4.6). */
interface NamespaceInternals {
  _createSocket(client: unknown, auth: Record<string, unknown> | undefined): Promise<Socket>;
}

/**
 * Creates the self-hosted hub: a Socket.IO server that authenticates handshakes with signed tokens,
 * checks every subscription against the access rules, tracks presence, recovers short
 * disconnections, accepts signed publishes over HTTP and scales out through Redis.
 */
export function createHub(hubOptions: HubOptions): Hub {
  const options = resolveHubOptions(hubOptions);
  const check = createChannelChecker(options.channels, options.rules);
  const forgotten = new Set<string>();
  let io: Server | undefined;
  let httpServer: HttpServer | undefined;
  let ownsServer = false;
  let scaleOut: RedisScaleOut | undefined;
  let presence: PresenceRegistry | undefined;
  let catchUp: RecoveryCatchUp | undefined;
  let removeEndpoint: (() => void) | undefined;
  let offsetTimer: ReturnType<typeof setInterval> | undefined;
  let starting: Promise<void> | undefined;
  let closed = false;
  let failuresLeft = 0;
  let downUntil = 0;
  const revocations = createRevocations(REVOCATION_KEEP_MS);
  const handshake: HandshakeContext = { secret: options.secret, allowAnonymous: options.allowAnonymous, revocations };
  /** The handshake auth of each recovery attempt, by session id, until its session is restored. */
  const recoveryAuth = new Map<string, Record<string, unknown>>();

  /** `except`: connections left out (one id, or the list a Redis-relayed message carries). */
  const broadcast = (channel: string, envelope: Envelope, except: string | readonly string[] | undefined) => {
    if (!io) return;
    let operator = io.to(channel);
    if (typeof except === 'string') operator = operator.except(except);
    else if (except) for (const connectionId of except) operator = operator.except(connectionId);
    // Encoded once here; Socket.IO serializes the packet once per broadcast for every subscriber.
    operator.emit(WIRE.message, channel, subscriberWire(envelope));
  };
  const broadcastAll = (messages: readonly HubMessage[]) => {
    for (const { channel, envelope } of messages) {
      // The common case (no excluded user) builds no room list.
      broadcast(channel, envelope, envelope.excludeUser === undefined ? envelope.exclude : excludedRooms(envelope));
    }
  };
  /**
   * Not async on purpose: a local broadcast, the hot path, settles with one promise and makes no
   * closure (counted for /metrics).
   */
  const deliver = (messages: readonly HubMessage[]): Promise<void> => {
    if (!io || closed) {
      admin.failed(messages.length);
      return Promise.reject(new RealtimeError('PROVIDER_UNAVAILABLE', 'The Socket.IO hub is not running', { provider: PROVIDER }));
    }
    if (!scaleOut && !options.telemetry) {
      try {
        broadcastAll(messages);
      } catch (error) {
        admin.failed(messages.length);
        return Promise.reject(error);
      }
      admin.published(messages.length);
      return Promise.resolve();
    }
    // With Redis, acknowledged only once in the shared stream (every hub delivers it); else nothing is delivered.
    const run = (): Promise<void> => {
      if (scaleOut) return scaleOut.confirmed('/', () => broadcastAll(messages));
      try {
        broadcastAll(messages);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return admin.observe(messages, options.telemetry ? () => (options.telemetry as HubObserver).broadcast(messages, run) : run);
  };
  /** The next restore of this session is refused: the client reconnects afresh and reports a gap. */
  const forgetSession = (socket: Socket) => {
    forgotten.add(socket.id);
    setTimeout(() => forgotten.delete(socket.id), options.recoveryWindowMs + 1000).unref?.();
  };
  const takeInjectedFailure = () => {
    if (failuresLeft <= 0) return false;
    failuresLeft -= 1;
    return true;
  };

  function onConnection(socket: Socket, registry: PresenceRegistry, server: Server): void {
    // A fresh connection gets one broadcast right away: it carries a recovery offset, without which
    // the client could not recover if it dropped before its first message.
    if (socket.recovered) {
      catchUp?.connected(socket);
      registry.restored(socket);
    } else server.to(socket.id).emit(WIRE.hello, { recoveryWindowMs: options.recoveryWindowMs });
    const { user } = connectionData(socket);
    // Every socket of a user shares a room that no channel name can spell, so disconnectUser reaches them on every hub.
    if (user) void socket.join(userRoom(user.id));
    registerSocketHandlers(socket, {
      channels: options.channels,
      check,
      presence: registry,
      limits: options.limits,
      relayed:
        webhook && options.webhooks?.clientEvents
          ? (channel, relayed, socketId) => webhook(clientEventWebhook(channel, relayed, socketId))
          : undefined,
    });
    socket.on('disconnect', () => registry.disconnected(socket));
  }

  /** Refuses the user's tokens issued until `atSeconds` and disconnects the user's sockets on this hub, telling them why. */
  function cutOff(userId: string, atSeconds: number): void {
    revocations.revoke(userId, atSeconds);
    if (!io) return;
    const room = userRoom(userId);
    io.local.to(room).emit(WIRE.revoked, { reason: 'The server disconnected this user' });
    // Without recovery: a session closed this way is not kept for restoring.
    io.local.in(room).disconnectSockets(true);
  }

  /**
   * A client asking to recover its session sends its (fresh) token again. socket.io hands the
   * handshake's `auth` to `_createSocket` and only the session id to `restoreSession`: the auth is
   * noted here, untouched, and checked when the session is about to be restored.
   */
  function noteRecoveryAuth(namespace: NamespaceInternals): void {
    const createSocket = namespace._createSocket.bind(namespace);
    namespace._createSocket = (client, auth) => {
      // socket.io restores a session only for both; `restoreForCredentials` takes the entry right away.
      if (typeof auth?.pid === 'string' && typeof auth.offset === 'string') recoveryAuth.set(auth.pid, auth);
      return createSocket(client, auth);
    };
  }

  /**
   * Restores a session only after checking the credentials sent with the attempt, before any
   * missed message goes out, and only for the user it belonged to. Refused, the attempt goes on as
   * a new connection, which the middleware then refuses with the reason.
   */
  function restoreForCredentials<TSession extends { data?: unknown } | null | undefined>(
    restore: (sessionId: string, offset: string) => Promise<TSession>,
  ): (sessionId: string, offset: string) => Promise<TSession> {
    return async (sessionId, offset) => {
      const auth = recoveryAuth.get(sessionId);
      recoveryAuth.delete(sessionId);
      const verdict = auth ? await checkHandshake(auth, handshake).catch(() => undefined) : undefined;
      if (!verdict?.ok) return null as TSession;
      const session = await restore(sessionId, offset);
      if (!session) return session;
      const previous = session.data as Partial<ConnectionData> | undefined;
      // The checked credentials must name the session's user (or both be anonymous).
      if (verdict.user?.id !== previous?.user?.id) return null as TSession;
      session.data = { ...previous, user: verdict.user, issuedAt: verdict.issuedAt };
      return session;
    };
  }

  async function start(server: HttpServer | undefined): Promise<void> {
    const { Server: SocketServer, Namespace } = await loadPeer('socket.io', () => import('socket.io'), 'The Socket.IO hub', PROVIDER);
    // Recovered sockets skip the middlewares (so no message is broadcast past them while they wait),
    // and their credentials are checked before their session is restored instead (below). A
    // Socket.IO without that hook runs the middlewares on recovery.
    const canRecheck = typeof (Namespace?.prototype as unknown as NamespaceInternals | undefined)?._createSocket === 'function';
    if (options.redis)
      scaleOut = await startRedisScaleOut(options.redis, (message) => broadcast(message.channel, message.envelope, message.except));
    ownsServer = !server;
    httpServer = server ?? createServer();
    const allowRequest = options.socketOptions.allowRequest;
    const created = new SocketServer({
      ...options.socketOptions,
      connectionStateRecovery: { maxDisconnectionDuration: options.recoveryWindowMs, skipMiddlewares: canRecheck },
      ...(scaleOut ? { adapter: scaleOut.adapter } : {}),
      allowRequest(request, callback) {
        if (Date.now() < downUntil) return callback('The hub refuses connections for now (fault hook)', false);
        if (allowRequest) return allowRequest(request, callback);
        callback(null, true);
      },
    });
    boundBufferedBytes(created, options.maxBufferedBytes);
    const adapter = created.of('/').adapter;
    const restore = adapter.restoreSession.bind(adapter);
    const restoreUnlessForgotten: typeof restore = async (sessionId, offset) => {
      const session = await restore(sessionId, offset);
      // The hub made itself forget this session (fault hook, failed catch-up): refuse it, the client starts afresh.
      return (session && forgotten.delete(session.sid) ? null : session) as typeof session;
    };
    if (scaleOut && options.redis) {
      catchUp = createRecoveryCatchUp({
        redis: scaleOut.redis,
        streamName: options.redis.streamName,
        deliveredThrough: scaleOut.deliveredThrough,
        decode: (adapter.constructor as { decode?: (message: Record<string, string>) => { data?: unknown } }).decode,
        abandon(socket) {
          forgetSession(socket);
          socket.conn.close();
        },
      });
    }
    const restoreCaughtUp = catchUp ? catchUp.wrapRestore(restoreUnlessForgotten) : restoreUnlessForgotten;
    adapter.restoreSession = canRecheck ? restoreForCredentials(restoreCaughtUp) : restoreCaughtUp;
    if (canRecheck) noteRecoveryAuth(created.of('/') as unknown as NamespaceInternals);
    // Serving before the adapter hears the other hubs would lose their messages and presence.
    await scaleOut?.ready();
    scaleOut?.onStreamLoss((reason) => {
      console.warn(`[switchboard] socket-io hub: ${reason}; dropping clients so they report a gap`);
      void hub.dropConnections({ recover: false });
    });
    const registry = new PresenceRegistry(created, options.presenceGraceMs, Boolean(scaleOut), (change, channel, userId) =>
      webhook?.({ name: change === 'added' ? 'member_added' : 'member_removed', channel, user_id: userId }),
    );
    if (webhook) reportOccupancy(created, webhook);
    created.use(handshakeAuthenticator(handshake));
    if (scaleOut) {
      created.of('/').on(
        HUB_WIRE.userRevoked as 'connection',
        ((userId: unknown, atSeconds: unknown) => {
          if (typeof userId === 'string' && typeof atSeconds === 'number') cutOff(userId, atSeconds);
        }) as never,
      );
    }
    created.on('connection', (socket) => onConnection(socket, registry, created));
    if (options.endpointPath !== false) {
      const fallbackGuard = memoryReplayGuard(2 * options.signatureToleranceMs);
      removeEndpoint = installEndpoint(
        httpServer,
        createHttpEndpoint({
          path: options.endpointPath,
          secret: options.secret,
          publicHosts: options.publicUrl ? [new URL(options.publicUrl).host] : [],
          channels: options.channels,
          maxPayloadBytes: options.maxPayloadBytes,
          maxRequestBytes: options.maxRequestBytes,
          maxBatchSize: socketIoLimits().maxBatchSize,
          signatureToleranceMs: options.signatureToleranceMs,
          replayGuard: scaleOut ? redisReplayGuard(scaleOut.redis, 2 * options.signatureToleranceMs, fallbackGuard) : fallbackGuard,
          takeInjectedFailure,
          publish: deliver,
          presenceMembers: (channel) => registry.members(channel),
          health: () => hub.health(),
          admin: options.admin ? admin.context : undefined,
          refused: admin.refused,
        }),
      );
    }
    created.attach(httpServer);
    io = created;
    presence = registry;
    if (ownsServer) await listenOn(httpServer, options.port, options.host);
    if (!scaleOut) {
      // The in-memory adapter prunes packets older than the window; a periodic broadcast keeps every
      // client's last offset inside it, so a quiet client can still recover.
      offsetTimer = setInterval(
        () => created.emit(WIRE.hello, { recoveryWindowMs: options.recoveryWindowMs }),
        Math.max(1000, options.recoveryWindowMs / 2),
      );
      offsetTimer.unref?.();
    }
  }

  const startOnce = (server: HttpServer | undefined) => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This hub is closed', { provider: PROVIDER }));
    starting ??= start(server).catch(async (error: unknown) => {
      // A failed start leaves nothing running; listen() may be called again.
      starting = undefined;
      removeEndpoint?.();
      const failed = io;
      io = undefined;
      presence = undefined;
      if (failed && !ownsServer) (failed as unknown as { httpServer?: unknown }).httpServer = undefined;
      await failed?.close().catch(() => {});
      await scaleOut?.close().catch(() => {});
      scaleOut = undefined;
      throw error;
    });
    return starting;
  };

  const webhook = options.webhooks ? hubWebhookSender(options.webhooks, options.secret) : undefined;
  const admin = hubAdmin({
    health: () => hub.health(),
    stats: () => hub.stats(),
    occupancy: (channel) => hub.occupancy(channel),
    disconnectUser: (userId) => hub.disconnectUser(userId),
  });

  const hub: Hub = {
    listen: () => startOnce(options.server),
    attach: (server) => startOnce(server),
    get url() {
      if (options.publicUrl) return options.publicUrl;
      const address = httpServer?.address();
      if (!address || typeof address === 'string') {
        throw new RealtimeError('CONFIG', 'The hub is not listening yet: await listen(), or pass publicUrl', { provider: PROVIDER });
      }
      const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
      return `http://${address.family === 'IPv6' && host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },
    get io() {
      return io;
    },
    publish(messages) {
      if (takeInjectedFailure()) {
        return Promise.reject(new RealtimeError('PROVIDER_UNAVAILABLE', 'Injected failure (fault hook)', { provider: PROVIDER }));
      }
      return deliver(messages);
    },
    async presenceMembers(channel) {
      if (!presence) throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The Socket.IO hub is not running', { provider: PROVIDER });
      return presence.members(channel);
    },
    async health() {
      if (!io || closed) {
        return {
          status: 'unhealthy',
          reasons: [healthReason('not-running', 'unhealthy', 'The hub is not listening')],
          provider: PROVIDER,
          details: { running: false },
        };
      }
      const details: Record<string, unknown> = { running: true, connections: io.of('/').sockets.size };
      if (!scaleOut) return { status: 'healthy', reasons: [], provider: PROVIDER, details };
      const started = Date.now();
      try {
        await scaleOut.redis.ping();
        return {
          status: 'healthy',
          reasons: [],
          provider: PROVIDER,
          latencyMs: Date.now() - started,
          details: { ...details, redis: 'ready' },
        };
      } catch (error) {
        const message = `Redis does not answer (${scaleOut.redis.status}): messages reach only this hub's clients, if any`;
        return {
          status: 'degraded',
          reasons: [healthReason('redis-down', 'degraded', message)],
          provider: PROVIDER,
          details: { ...details, redis: scaleOut.redis.status, error: (error as Error).message },
        };
      }
    },
    stats: async () => hubStats(io, presence),
    occupancy: (channel) => channelOccupancy(io, channel),
    metrics: () => admin.context.metrics(),
    connectionCount: () => io?.of('/').sockets.size ?? 0,
    async disconnectUser(userId) {
      if (typeof userId !== 'string' || userId.length === 0) {
        throw new RealtimeError('CONFIG', 'disconnectUser needs a user id', { provider: PROVIDER });
      }
      const atSeconds = Math.ceil(Date.now() / 1000);
      cutOff(userId, atSeconds);
      webhook?.({ name: 'user_disconnected', user_id: userId });
      // Every other hub does the same for its own sockets, so each client hears why before it is disconnected.
      if (scaleOut) io?.serverSideEmit(HUB_WIRE.userRevoked, userId, atSeconds);
    },
    async close() {
      if (closed) return;
      closed = true;
      await starting?.catch(() => {});
      if (offsetTimer) clearInterval(offsetTimer);
      removeEndpoint?.();
      if (io) {
        // Socket.IO closes the HTTP server it is attached to; a server the app owns stays open.
        if (!ownsServer) (io as unknown as { httpServer?: unknown }).httpServer = undefined;
        await io.close();
      }
      presence?.close();
      await scaleOut?.close();
    },
    async dropConnections(dropOptions = {}) {
      if (!io) return;
      if (dropOptions.downForMs) downUntil = Date.now() + dropOptions.downForMs;
      const sockets = [...io.of('/').sockets.values()];
      for (const socket of sockets) {
        if (dropOptions.recover === false) forgetSession(socket);
        socket.conn.close();
      }
      const deadline = Date.now() + 5000;
      while (sockets.some((socket) => socket.connected) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    failNextPublishes(count) {
      failuresLeft = count;
    },
  };
  return hub;
}
