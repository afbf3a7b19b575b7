import {
  type AnyChannelDefinition,
  type ChannelChecker,
  type ChannelRef,
  clientEventSchema,
  createSlidingWindow,
  jsonByteLength,
  MAX_CHANNEL_NAME_LENGTH,
  matchChannel,
  RealtimeError,
  validateWithSchema,
} from '@switchboard/core';
import type { Socket } from 'socket.io';
import { CLIENT_EVENT_WIRE, type RelayedClientEvent } from '../client-event-wire.js';
import { type HubReply, PROVIDER, WIRE } from '../constants.js';
import { connectionData } from './connection-data.js';
import type { ResolvedConnectionLimits } from './hub-options.js';
import type { PresenceRegistry } from './presence-registry.js';

export interface SocketHandlerContext {
  channels: readonly AnyChannelDefinition[];
  check: ChannelChecker;
  presence: PresenceRegistry;
  limits: ResolvedConnectionLimits;
  /** Hears each client event the hub relayed (the `client_event` webhook). */
  relayed?: ((channel: string, relayed: RelayedClientEvent, socketId: string) => void) | undefined;
}

function toReply(error: unknown): HubReply<never> {
  if (RealtimeError.isInstance(error)) {
    const reason = error.details?.reason;
    return {
      ok: false,
      code: error.code,
      message: error.message,
      reason: typeof reason === 'string' ? reason : undefined,
      ...(typeof error.details?.limit === 'string' ? { limit: error.details.limit } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  console.error('[switchboard] socket-io hub: request failed', error);
  return { ok: false, code: 'PROVIDER_UNAVAILABLE', message: 'The hub failed to handle the request' };
}

function channelName(payload: unknown): string {
  const channel = (payload as { channel?: unknown } | null)?.channel;
  if (typeof channel !== 'string') throw new RealtimeError('INVALID_CHANNEL', 'Request without a channel name', { provider: PROVIDER });
  return channel;
}

const overLimit = (code: 'RATE_LIMITED' | 'PAYLOAD_TOO_LARGE', limit: keyof ResolvedConnectionLimits, message: string, extra = {}) =>
  new RealtimeError(code, message, { provider: PROVIDER, details: { limit, reason: `${limit} exceeded` }, ...extra });

/** Presence enters/updates allowed now: a token bucket per connection. */
function presenceBucket(limits: ResolvedConnectionLimits) {
  let tokens = limits.presenceUpdateBurst;
  let refilledAt = Date.now();
  return {
    /** Takes one token, or says how long until one is there. */
    take(): { ok: true } | { ok: false; retryAfterMs: number } {
      const now = Date.now();
      tokens = Math.min(limits.presenceUpdateBurst, tokens + ((now - refilledAt) / 1000) * limits.presenceUpdatesPerSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) / limits.presenceUpdatesPerSecond) * 1000) };
    },
  };
}

/**
 * What a connected client may ask the hub: subscribe (checked against the access rules),
 * unsubscribe, and presence on channels the hub granted it. Requests of one connection run one
 * after another, so a presence query sent after an enter sees it. Every request is bounded (size,
 * queue depth, presence rate) before it is queued: a client over a limit gets an error code, and
 * cannot make the hub hold more for it.
 */
export function registerSocketHandlers(socket: Socket, context: SocketHandlerContext): void {
  const { limits } = context;
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  const bucket = presenceBucket(limits);
  const clientEventWindow = createSlidingWindow(limits.clientEventsPerSecond);

  const handle = <TValue>(event: string, run: (payload: unknown) => Promise<TValue>, admit?: (payload: unknown) => void) => {
    socket.on(event, (payload: unknown, acknowledge: unknown) => {
      const reply = typeof acknowledge === 'function' ? (acknowledge as (reply: HubReply<TValue>) => void) : () => {};
      try {
        if (queued >= limits.maxQueuedRequestsPerConnection) {
          throw overLimit(
            'RATE_LIMITED',
            'maxQueuedRequestsPerConnection',
            `Too many requests in progress on this connection (at most ${limits.maxQueuedRequestsPerConnection}); retry after the others are answered`,
            { retryAfterMs: 1000 },
          );
        }
        const channel = (payload as { channel?: unknown } | null)?.channel;
        if (typeof channel === 'string' && channel.length > MAX_CHANNEL_NAME_LENGTH) {
          throw new RealtimeError('INVALID_CHANNEL', `Channel name of ${channel.length} characters; at most ${MAX_CHANNEL_NAME_LENGTH}`, {
            provider: PROVIDER,
          });
        }
        const size = jsonByteLength(payload ?? null);
        if (size > limits.maxSocketRequestBytes) {
          throw overLimit(
            'PAYLOAD_TOO_LARGE',
            'maxSocketRequestBytes',
            `Request of ${size} bytes; the hub accepts at most ${limits.maxSocketRequestBytes}`,
          );
        }
        admit?.(payload);
      } catch (error) {
        return reply(toReply(error));
      }
      queued += 1;
      queue = queue.then(async () => {
        try {
          const value = await run(payload);
          reply(value === undefined ? { ok: true } : { ok: true, value });
        } catch (error) {
          reply(toReply(error));
        } finally {
          queued -= 1;
        }
      });
    });
  };

  /** The channel, if the hub granted this connection a subscription to it (rooms joined otherwise do not count). */
  const subscribed = (payload: unknown): string => {
    const name = channelName(payload);
    if (!connectionData(socket).subscriptions.includes(name)) {
      throw new RealtimeError('FORBIDDEN', `Subscribe to "${name}" before using its presence or client events`, { provider: PROVIDER });
    }
    return name;
  };

  /** Presence data size and rate, checked when the request arrives. */
  const admitPresence = (payload: unknown) => {
    const data = (payload as { data?: unknown } | null)?.data;
    const size = data === undefined ? 0 : jsonByteLength(data);
    if (size > limits.maxPresenceDataBytes) {
      throw overLimit(
        'PAYLOAD_TOO_LARGE',
        'maxPresenceDataBytes',
        `Presence data of ${size} bytes; the hub accepts at most ${limits.maxPresenceDataBytes}`,
      );
    }
    const taken = bucket.take();
    if (!taken.ok) {
      throw overLimit(
        'RATE_LIMITED',
        'presenceUpdatesPerSecond',
        `Too many presence updates on this connection (${limits.presenceUpdatesPerSecond}/s, bursts of ${limits.presenceUpdateBurst})`,
        { retryAfterMs: taken.retryAfterMs },
      );
    }
  };

  const presenceChannel = (name: string): ChannelRef => {
    const ref = matchChannel(context.channels, name);
    if (ref?.definition.access !== 'presence') {
      throw new RealtimeError('INVALID_CHANNEL', `"${name}" is not a presence channel`, { provider: PROVIDER });
    }
    return ref;
  };

  const enter = (action: 'enter' | 'update') => async (payload: unknown) => {
    const name = subscribed(payload);
    const ref = presenceChannel(name);
    if (!connectionData(socket).user) throw new RealtimeError('UNAUTHORIZED', 'Presence needs a signed-in user', { provider: PROVIDER });
    const raw = (payload as { data?: unknown }).data;
    // Clients are untrusted: member data is checked against the channel's presence schema here too.
    const data =
      ref.definition.presence && raw !== undefined ? await validateWithSchema(ref.definition.presence, raw, 'Presence data') : raw;
    context.presence.enter(socket, name, data, action);
  };

  handle(WIRE.subscribe, async (payload) => {
    const name = channelName(payload);
    const { user, subscriptions } = connectionData(socket);
    if (!subscriptions.includes(name) && subscriptions.length >= limits.maxSubscriptionsPerConnection) {
      throw overLimit(
        'RATE_LIMITED',
        'maxSubscriptionsPerConnection',
        `This connection already has ${limits.maxSubscriptionsPerConnection} subscriptions, the most the hub allows; unsubscribe from one first`,
        { retriable: false },
      );
    }
    const verdict = await context.check(user, name);
    if (!verdict.allowed) {
      throw new RealtimeError(user ? 'FORBIDDEN' : 'UNAUTHORIZED', `Subscription to "${name}" refused: ${verdict.reason}`, {
        provider: PROVIDER,
        details: { channel: name, reason: verdict.reason },
      });
    }
    const granted = connectionData(socket).subscriptions;
    if (!granted.includes(name)) granted.push(name);
    await socket.join(name);
  });

  handle(WIRE.unsubscribe, async (payload) => {
    const name = channelName(payload);
    const data = connectionData(socket);
    if (Object.hasOwn(data.presence, name)) context.presence.leave(socket, name);
    data.subscriptions = data.subscriptions.filter((granted) => granted !== name);
    await socket.leave(name);
  });

  handle(WIRE.presenceEnter, enter('enter'), admitPresence);
  handle(WIRE.presenceUpdate, enter('update'), admitPresence);
  handle(WIRE.presenceLeave, async (payload) => {
    const name = channelName(payload);
    if (Object.hasOwn(connectionData(socket).presence, name)) context.presence.leave(socket, name);
  });
  // Client events: relayed to the room's other members only once the sender is subscribed (the
  // rules admitted it), the channel declares the event, the data is valid and the connection is
  // under its rate; the sender's id comes from its verified token, whatever the data says.
  handle(
    CLIENT_EVENT_WIRE,
    async (payload) => {
      const name = subscribed(payload);
      const ref = matchChannel(context.channels, name);
      if (!ref) throw new RealtimeError('INVALID_CHANNEL', `"${name}" matches no channel definition`, { provider: PROVIDER });
      const { event, data } = payload as { event?: unknown; data?: unknown };
      const schema = clientEventSchema(ref.definition, event, PROVIDER);
      const value = await validateWithSchema(schema, data, `Client event "${String(event)}"`);
      const user = connectionData(socket).user;
      if (!user) throw new RealtimeError('UNAUTHORIZED', 'Client events need a signed-in user', { provider: PROVIDER });
      const relayed: RelayedClientEvent = { event: event as string, data: value, userId: user.id };
      // Not volatile: Socket.IO drops volatile packets in bursts. Connection-state recovery may
      // therefore replay one a member missed during a short drop, which a typing hint survives.
      socket.to(name).emit(CLIENT_EVENT_WIRE, name, relayed);
      context.relayed?.(name, relayed, socket.id);
    },
    () => {
      const slot = clientEventWindow.take();
      if (!slot.ok) {
        throw overLimit(
          'RATE_LIMITED',
          'clientEventsPerSecond',
          `At most ${limits.clientEventsPerSecond} client events per second per connection`,
          {
            retryAfterMs: slot.retryAfterMs,
          },
        );
      }
    },
  );
  handle(WIRE.presenceMembers, async (payload) => context.presence.members(presenceChannel(subscribed(payload)).name));
}
