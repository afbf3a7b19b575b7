import {
  type AnyChannelDefinition,
  type ChannelChecker,
  type ChannelRef,
  matchChannel,
  RealtimeError,
  validateWithSchema,
} from '@switchboard/core';
import type { Socket } from 'socket.io';
import { type HubReply, PROVIDER, WIRE } from '../constants.js';
import { connectionData } from './connection-data.js';
import type { PresenceRegistry } from './presence-registry.js';

export interface SocketHandlerContext {
  channels: readonly AnyChannelDefinition[];
  check: ChannelChecker;
  presence: PresenceRegistry;
}

function toReply(error: unknown): HubReply<never> {
  if (RealtimeError.isInstance(error)) {
    const reason = error.details?.reason;
    return { ok: false, code: error.code, message: error.message, reason: typeof reason === 'string' ? reason : undefined };
  }
  console.error('[switchboard] socket-io hub: request failed', error);
  return { ok: false, code: 'PROVIDER_UNAVAILABLE', message: 'The hub failed to handle the request' };
}

function channelName(payload: unknown): string {
  const channel = (payload as { channel?: unknown } | null)?.channel;
  if (typeof channel !== 'string') throw new RealtimeError('INVALID_CHANNEL', 'Request without a channel name', { provider: PROVIDER });
  return channel;
}

/**
 * What a connected client may ask the hub: subscribe (checked against the access rules),
 * unsubscribe, and presence on channels it subscribed to. Requests of one connection run one after
 * another, so a presence query sent after an enter sees it.
 */
export function registerSocketHandlers(socket: Socket, context: SocketHandlerContext): void {
  let queue: Promise<void> = Promise.resolve();

  const handle = <TValue>(event: string, run: (payload: unknown) => Promise<TValue>) => {
    socket.on(event, (payload: unknown, acknowledge: unknown) => {
      const reply = typeof acknowledge === 'function' ? (acknowledge as (reply: HubReply<TValue>) => void) : () => {};
      queue = queue.then(async () => {
        try {
          const value = await run(payload);
          reply(value === undefined ? { ok: true } : { ok: true, value });
        } catch (error) {
          reply(toReply(error));
        }
      });
    });
  };

  const subscribed = (payload: unknown): string => {
    const name = channelName(payload);
    if (!socket.rooms.has(name)) {
      throw new RealtimeError('FORBIDDEN', `Subscribe to "${name}" before using its presence`, { provider: PROVIDER });
    }
    return name;
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
    const { user } = connectionData(socket);
    const verdict = await context.check(user, name);
    if (!verdict.allowed) {
      throw new RealtimeError(user ? 'FORBIDDEN' : 'UNAUTHORIZED', `Subscription to "${name}" refused: ${verdict.reason}`, {
        provider: PROVIDER,
        details: { channel: name, reason: verdict.reason },
      });
    }
    await socket.join(name);
  });

  handle(WIRE.unsubscribe, async (payload) => {
    const name = channelName(payload);
    if (name in connectionData(socket).presence) context.presence.leave(socket, name);
    await socket.leave(name);
  });

  handle(WIRE.presenceEnter, enter('enter'));
  handle(WIRE.presenceUpdate, enter('update'));
  handle(WIRE.presenceLeave, async (payload) => {
    const name = channelName(payload);
    if (name in connectionData(socket).presence) context.presence.leave(socket, name);
  });
  handle(WIRE.presenceMembers, async (payload) => context.presence.members(presenceChannel(subscribed(payload)).name));
}
