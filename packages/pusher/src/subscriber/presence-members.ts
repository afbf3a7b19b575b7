/**
 * The member list of a Pusher presence channel as core sees it: pusher-js's members read into
 * presence events, each member's signed `user_info` split into the server's profile and the
 * client's data, and the identity switch of enter, update and leave. Loaded when the first presence channel attaches, so a page that subscribes only to
 * events never downloads it. It imports no runtime code the transport also imports, so a bundler
 * keeps it in its own chunk instead of splitting out a shared one.
 */
import type { ChannelSink, PresenceConnection } from '@switchboard/core/adapter';
import type { Channel, default as Pusher } from 'pusher-js';
import { type PresenceUserInfo, WATCHER_USER_ID } from '../presence-fields.js';
import type { ChannelAuthorization, PresenceIntent } from './channel-authorization.js';
import type { AttachedChannel } from './subscriber-transport.js';

const USER_INFO_KEYS = new Set(['info', 'data']);

/** Reads a member's `user_info` back: `{ info, data }` as the authorizer signed it. */
export function decodeUserInfo(raw: unknown): { info: Record<string, unknown> | undefined; data: unknown } {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    if (keys.length > 0 && keys.every((key) => USER_INFO_KEYS.has(key))) {
      const { info, data } = raw as PresenceUserInfo;
      // A profile that is not an object is passed on as it is, for core to refuse as malformed.
      return { info: info as Record<string, unknown> | undefined, data };
    }
  }
  // Signed by a server that does not use this layout: all of it is member data, and there is no profile.
  return { info: undefined, data: raw ?? undefined };
}

/** A Pusher member as core sees it: the signed `user_info` split into the server's profile and the client's data. */
export function memberOf(userId: string, userInfo: unknown): PresenceConnection {
  const { info, data } = decodeUserInfo(userInfo);
  return { userId, data, ...(info !== undefined ? { info } : {}) };
}

/** The members of a presence channel once its pending identity switches and subscription have settled. */
export async function members(entry: AttachedChannel): Promise<PresenceConnection[]> {
  await entry.operations;
  await entry.settled;
  return [...entry.members].map(([userId, userInfo]) => memberOf(userId, userInfo));
}

/** One presence channel's members as this transport last told core: signed `user_info` by user id. */
export interface MemberList {
  members: Map<string, unknown>;
  sink: ChannelSink;
}

type PresenceChannelMembers = Channel & { members?: { each(callback: (member: { id: string; info: unknown }) => void): void } };

/**
 * After a (re)subscription: reads pusher-js's member list and tells core who left, joined or
 * changed since the list it last had.
 */
export function resolveMembers(entry: MemberList, channel: Channel): void {
  const snapshot = new Map<string, unknown>();
  (channel as PresenceChannelMembers).members?.each((member) => {
    if (member.id !== WATCHER_USER_ID) snapshot.set(String(member.id), member.info);
  });
  for (const userId of entry.members.keys()) {
    if (!snapshot.has(userId)) entry.sink.presence({ action: 'leave', member: { userId } });
  }
  for (const [userId, userInfo] of snapshot) {
    const known = entry.members.has(userId);
    if (!known || JSON.stringify(entry.members.get(userId)) !== JSON.stringify(userInfo)) {
      entry.sink.presence({ action: known ? 'update' : 'enter', member: memberOf(userId, userInfo) });
    }
  }
  entry.members = snapshot;
}

/** Follows members joining and leaving while `current()` says this channel object is still the entry's. */
export function bindMembers(entry: MemberList, channel: Channel, current: () => boolean): void {
  channel.bind('pusher:member_added', (member: { id: string; info: unknown }) => {
    if (!current() || member.id === WATCHER_USER_ID) return;
    entry.members.set(String(member.id), member.info);
    entry.sink.presence({ action: 'enter', member: memberOf(String(member.id), member.info) });
  });
  channel.bind('pusher:member_removed', (member: { id: string }) => {
    if (!current() || member.id === WATCHER_USER_ID) return;
    entry.members.delete(String(member.id));
    entry.sink.presence({ action: 'leave', member: { userId: String(member.id) } });
  });
}

/** What switching identity uses of the transport, handed over instead of imported (this chunk imports none of its code). */
export interface IntentContext {
  client(): Pusher | undefined;
  authorize(): Promise<ChannelAuthorization>;
  deferred(): Pick<AttachedChannel, 'settled' | 'settle'>;
  subscribe(entry: AttachedChannel): void;
}

/**
 * Switches a presence channel's identity (watcher, member, member data): fetches the new credential
 * first, then re-subscribes. One switch at a time per channel, in call order.
 */
export function changeIntent(entry: AttachedChannel, intent: PresenceIntent, context: IntentContext): Promise<void> {
  const run = async () => {
    await entry.settled;
    const previous = entry.intent;
    entry.intent = intent;
    const client = context.client();
    const socketId = client?.connection.socket_id;
    if (client?.connection.state !== 'connected' || !socketId || !entry.channel?.subscribed) return;
    try {
      await (await context.authorize()).prefetch(socketId, entry.name);
    } catch (error) {
      entry.intent = previous;
      throw error;
    }
    Object.assign(entry, context.deferred(), { pendingGap: { reason: 'resubscribed' } });
    client.unsubscribe(entry.name);
    context.subscribe(entry);
    await entry.settled;
  };
  const operation = entry.operations.then(run);
  entry.operations = operation.catch(() => {});
  return operation;
}
