/**
 * Who is subscribed to what: channels, their sockets and, on presence channels, the members keyed
 * by user id (one member however many sockets a user has). Channels exist while occupied.
 */
import { channelKind, PUSHER_LIMITS } from './limits.js';

/** What the registry needs from a connection. */
export interface RegistrySocket {
  readonly socketId: string;
  /** Sends one protocol frame; `data` strings are sent as they are, objects as JSON strings. */
  sendFrame(frame: { event: string; channel?: string; data: unknown; user_id?: string }): void;
}

interface Member {
  info: unknown;
  sockets: Set<RegistrySocket>;
}

interface ChannelState {
  sockets: Set<RegistrySocket>;
  /** socket → its user id, presence channels only. */
  userOf: Map<RegistrySocket, string>;
  members: Map<string, Member>;
}

/** What the registry reports for webhooks: Pusher's event names and fields. */
export interface RegistryEvent {
  name: 'channel_occupied' | 'channel_vacated' | 'member_added' | 'member_removed' | 'client_event';
  channel: string;
  user_id?: string;
  event?: string;
  data?: string;
  socket_id?: string;
}

export type SubscribeOutcome = { ok: true; data: unknown } | { ok: false; status: number; error: string };

export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();

  /** `report` hears channel existence and presence changes (the emulator's webhooks). */
  constructor(private readonly report: (event: RegistryEvent) => void = () => {}) {}

  private occupy(state: ChannelState, channel: string, socket: RegistrySocket): void {
    if (state.sockets.has(socket)) return;
    state.sockets.add(socket);
    if (state.sockets.size === 1) this.report({ name: 'channel_occupied', channel });
  }

  /** Adds a socket to a channel; presence channels need the member the signature vouched for. */
  subscribe(socket: RegistrySocket, channel: string, member?: { userId: string; info: unknown }): SubscribeOutcome {
    const state = this.stateOf(channel, true);
    if (channelKind(channel) !== 'presence' || !member) {
      this.occupy(state, channel, socket);
      return { ok: true, data: {} };
    }
    const previousUser = state.userOf.get(socket);
    if (previousUser !== undefined && previousUser !== member.userId) this.leave(state, channel, socket);
    const existing = state.members.get(member.userId);
    if (!existing && state.members.size >= PUSHER_LIMITS.maxPresenceMembers) {
      if (state.sockets.size === 0) this.channels.delete(channel);
      return { ok: false, status: 403, error: `Presence channel is full (${PUSHER_LIMITS.maxPresenceMembers} members)` };
    }
    this.occupy(state, channel, socket);
    state.userOf.set(socket, member.userId);
    if (existing) {
      existing.sockets.add(socket);
    } else {
      state.members.set(member.userId, { info: member.info, sockets: new Set([socket]) });
      this.report({ name: 'member_added', channel, user_id: member.userId });
      for (const other of state.sockets) {
        if (other === socket) continue;
        other.sendFrame({ event: 'pusher_internal:member_added', channel, data: { user_id: member.userId, user_info: member.info } });
      }
    }
    const hash = Object.fromEntries([...state.members].map(([userId, entry]) => [userId, entry.info]));
    return { ok: true, data: { presence: { ids: Object.keys(hash), hash, count: state.members.size } } };
  }

  unsubscribe(socket: RegistrySocket, channel: string): void {
    const state = this.channels.get(channel);
    if (!state?.sockets.has(socket)) return;
    this.leave(state, channel, socket);
    state.sockets.delete(socket);
    if (state.sockets.size > 0) return;
    this.channels.delete(channel);
    this.report({ name: 'channel_vacated', channel });
  }

  /** A client event went out (for webhooks). */
  clientEvent(event: RegistryEvent): void {
    this.report(event);
  }

  /** Removes a closed socket from every channel, announcing departed members. */
  removeSocket(socket: RegistrySocket): void {
    for (const [channel, state] of [...this.channels]) {
      if (state.sockets.has(socket)) this.unsubscribe(socket, channel);
    }
  }

  isSubscribed(socket: RegistrySocket, channel: string): boolean {
    return this.channels.get(channel)?.sockets.has(socket) ?? false;
  }

  userIdOf(socket: RegistrySocket, channel: string): string | undefined {
    return this.channels.get(channel)?.userOf.get(socket);
  }

  /** Fans an event out to a channel's sockets, except `excludeSocketId`. Returns how many got it. */
  publish(channel: string, event: string, data: string, options: { excludeSocketId?: string; userId?: string } = {}): number {
    const state = this.channels.get(channel);
    if (!state) return 0;
    let delivered = 0;
    for (const socket of state.sockets) {
      if (socket.socketId === options.excludeSocketId) continue;
      socket.sendFrame({ event, channel, data, ...(options.userId !== undefined ? { user_id: options.userId } : {}) });
      delivered += 1;
    }
    return delivered;
  }

  subscriptionCount(channel: string): number {
    return this.channels.get(channel)?.sockets.size ?? 0;
  }

  userIds(channel: string): string[] {
    return [...(this.channels.get(channel)?.members.keys() ?? [])];
  }

  /** Occupied channel names, optionally those starting with `prefix`. */
  names(prefix = ''): string[] {
    return [...this.channels.keys()].filter((name) => name.startsWith(prefix));
  }

  private leave(state: ChannelState, channel: string, socket: RegistrySocket): void {
    const userId = state.userOf.get(socket);
    if (userId === undefined) return;
    state.userOf.delete(socket);
    const member = state.members.get(userId);
    if (!member) return;
    member.sockets.delete(socket);
    if (member.sockets.size > 0) return;
    state.members.delete(userId);
    this.report({ name: 'member_removed', channel, user_id: userId });
    for (const other of state.sockets) {
      if (other === socket) continue;
      other.sendFrame({ event: 'pusher_internal:member_removed', channel, data: { user_id: userId } });
    }
  }

  private stateOf(channel: string, create: true): ChannelState {
    let state = this.channels.get(channel);
    if (!state && create) {
      state = { sockets: new Set(), userOf: new Map(), members: new Map() };
      this.channels.set(channel, state);
    }
    return state as ChannelState;
  }
}
