/**
 * What the server does with each protocol message a client sends: ATTACH/DETACH with capability
 * checks, mode flags, SYNC and resume replay; MESSAGE and PRESENCE with ACK/NACK; AUTH; CLOSE.
 */
import { AblyError, errors, toAblyError } from './ably-error.js';
import { grantsAny, modeFlags, requireOperation } from './capability.js';
import type { StoredMessage } from './channel-store.js';
import { Action, Flag, Mode, PresenceAction, type ProtocolMessage } from './protocol.js';
import { preparePublish } from './publish-rules.js';
import type { RealtimeSession, SessionContext } from './realtime-session.js';

/** Ably returns at most this many messages for a rewind, whatever was asked. */
const MAX_REWIND = 100;
const REWIND_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** A rewind param: a message count (`5`) or a time before now (`10s`, `2m`, `1h`); undefined when invalid. */
function parseRewind(value: string): { count: number } | { ms: number } | undefined {
  const match = /^(\d+)([smh])?$/.exec(String(value).trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2] ? { ms: amount * (REWIND_UNITS[match[2]] as number) } : { count: amount };
}

function channelError(session: RealtimeSession, channel: string, error: AblyError): void {
  session.send({ action: Action.ERROR, channel, error: error.toWire() });
}

function nack(session: RealtimeSession, message: ProtocolMessage, error: unknown): void {
  session.send({ action: Action.NACK, msgSerial: message.msgSerial, count: 1, error: toAblyError(error).toWire() });
}

function replayMessages(session: RealtimeSession, context: SessionContext, name: string, messages: StoredMessage[]): void {
  const channel = context.channels.get(name);
  for (const message of messages) session.deliverMessages(channel, [message]);
}

function attach(session: RealtimeSession, context: SessionContext, message: ProtocolMessage): void {
  const name = message.channel;
  if (!name) {
    channelError(session, '', new AblyError(40010, 400, 'Invalid channel name'));
    return;
  }
  const capability = session.credential.capability;
  if (!grantsAny(capability, name)) {
    channelError(session, name, errors.capabilityRefused(name, 'attach'));
    return;
  }
  const channel = context.channels.get(name);
  const wasAttached = session.attachments.has(name);
  const requestedModes = (message.flags ?? 0) & (Mode.PRESENCE | Mode.PUBLISH | Mode.SUBSCRIBE | Mode.PRESENCE_SUBSCRIBE);
  const modes = modeFlags(capability, name) & (requestedModes || ~0);
  session.attached(name, modes);
  channel.subscribers.add(session);
  // Continuity only for a channel this connection already had, from a serial still in the log.
  const missed = wasAttached ? channel.since(message.channelSerial) : undefined;
  let backlog: StoredMessage[] = [];
  if (missed === undefined && message.params?.rewind !== undefined) {
    const rewind = parseRewind(message.params.rewind);
    if (!rewind) {
      session.leaveChannel(name);
      channelError(session, name, errors.invalidParameter(`Invalid rewind "${message.params.rewind}": a count or a time like 10s, 1m`));
      return;
    }
    backlog =
      'count' in rewind
        ? channel.latest(Math.min(rewind.count, MAX_REWIND))
        : channel.latestSince(context.channels.clock() - rewind.ms, MAX_REWIND);
  }
  const replay = missed ?? backlog;
  const members = [...channel.presence.values()];
  let flags = modes;
  if (members.length > 0) flags |= Flag.HAS_PRESENCE;
  if (missed !== undefined) flags |= Flag.RESUMED;
  if (replay.length > 0) flags |= Flag.HAS_BACKLOG;
  // The client takes this serial as its position (RTL15b): with a replay to follow, it is the point
  // the replay starts from, so a drop before the replay arrives resumes it rather than skipping it.
  const position = replay[0] ? replay[0].sequence - 1 : undefined;
  session.send({ action: Action.ATTACHED, channel: name, flags, channelSerial: channel.serial(position) });
  if (members.length > 0) {
    session.send({
      action: Action.SYNC,
      channel: name,
      channelSerial: `${channel.epoch}:`,
      presence: members.map((member) => ({ action: PresenceAction.PRESENT, ...member })),
    });
  }
  replayMessages(session, context, name, replay);
}

function detach(session: RealtimeSession, message: ProtocolMessage): void {
  const name = message.channel ?? '';
  session.leaveChannel(name);
  session.send({ action: Action.DETACHED, channel: name });
}

function publish(session: RealtimeSession, context: SessionContext, message: ProtocolMessage): void {
  try {
    const name = message.channel ?? '';
    requireOperation(session.credential.capability, name, 'publish');
    const prepared = preparePublish(message.messages ?? [], session.credential, {
      maxMessageSize: context.settings.maxMessageSize,
      connectionId: session.connectionId,
      defaultIdBase: `${session.connectionId}:${message.msgSerial ?? 0}`,
      now: context.channels.clock(),
    });
    context.channels.publish(name, prepared);
    session.send({ action: Action.ACK, msgSerial: message.msgSerial, count: 1 });
  } catch (error) {
    nack(session, message, error);
  }
}

function presence(session: RealtimeSession, context: SessionContext, message: ProtocolMessage): void {
  try {
    const name = message.channel ?? '';
    requireOperation(session.credential.capability, name, 'presence');
    if (!session.attachments.has(name)) throw errors.channelState(`Attach to "${name}" before using presence`);
    const channel = context.channels.get(name);
    (message.presence ?? []).forEach((item, index) => {
      const clientId = item.clientId ?? session.clientId;
      if (!clientId || clientId === '*') throw errors.invalidClientId('Presence needs an identified clientId');
      if (session.clientId && session.clientId !== '*' && clientId !== session.clientId) {
        throw errors.invalidClientId(`Presence clientId "${clientId}" does not match the connection's clientId`);
      }
      const key = `${session.connectionId}:${clientId}`;
      const member = {
        clientId,
        connectionId: session.connectionId,
        id: `${session.connectionId}:${message.msgSerial ?? 0}:${index}`,
        timestamp: Date.now(),
        data: item.data,
        encoding: item.encoding,
      };
      if (item.action === PresenceAction.LEAVE) {
        if (channel.presence.has(key)) context.channels.presence(name, PresenceAction.LEAVE, member);
        return;
      }
      // An enter by a member already present (say, after a re-attach) is an update for everyone else.
      context.channels.presence(name, channel.presence.has(key) ? PresenceAction.UPDATE : PresenceAction.ENTER, member);
    });
    session.send({ action: Action.ACK, msgSerial: message.msgSerial, count: 1 });
  } catch (error) {
    nack(session, message, error);
  }
}

function reauthorize(session: RealtimeSession, context: SessionContext, message: ProtocolMessage): void {
  let credential: ReturnType<typeof context.credentials.fromToken>;
  try {
    credential = context.credentials.fromToken(message.auth?.accessToken ?? '');
  } catch (error) {
    session.send({ action: Action.ERROR, error: toAblyError(error).toWire() });
    return;
  }
  if (session.clientId && credential.clientId !== session.clientId) {
    session.send({ action: Action.ERROR, error: errors.incompatibleClientId('The new token has a different clientId').toWire() });
    session.socket?.close();
    return;
  }
  session.applyCredential(credential);
  for (const name of [...session.attachments.keys()]) {
    if (grantsAny(credential.capability, name)) continue;
    session.leaveChannel(name);
    channelError(session, name, errors.capabilityRefused(name, 'attach'));
  }
  session.send(session.connectedMessage());
}

/** Handles one inbound frame. */
export function handleFrame(session: RealtimeSession, context: SessionContext, frame: string): void {
  let message: ProtocolMessage;
  try {
    message = JSON.parse(frame) as ProtocolMessage;
    if (typeof message !== 'object' || message === null || typeof message.action !== 'number') throw new Error('no action');
  } catch {
    session.send({ action: Action.ERROR, error: errors.badRequest('Unable to parse protocol message').toWire() });
    session.socket?.close();
    return;
  }
  switch (message.action) {
    case Action.HEARTBEAT:
      session.send({ action: Action.HEARTBEAT, ...(message.id ? { id: message.id } : {}) });
      break;
    case Action.ATTACH:
      attach(session, context, message);
      break;
    case Action.DETACH:
      detach(session, message);
      break;
    case Action.MESSAGE:
      publish(session, context, message);
      break;
    case Action.PRESENCE:
      presence(session, context, message);
      break;
    case Action.AUTH:
      reauthorize(session, context, message);
      break;
    case Action.DISCONNECT:
      session.disconnect(new AblyError(10000, 200, 'Disconnected at the client’s request'));
      break;
    case Action.CLOSE:
      session.send({ action: Action.CLOSED });
      session.end(true);
      break;
    default:
      session.send({ action: Action.ERROR, error: errors.badRequest(`Unexpected action ${message.action}`).toWire() });
  }
}
