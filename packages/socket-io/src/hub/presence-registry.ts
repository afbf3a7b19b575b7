import type { PresenceConnection } from '@switchboard/core';
import type { Server, Socket } from 'socket.io';
import { HUB_WIRE, type PresenceWireEvent, WIRE } from '../constants.js';
import { connectionData } from './connection-data.js';

interface Entry extends PresenceConnection {
  leaveTimer?: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Presence on one hub: who entered which channel, per connection. Events go to the channel's room
 * through the adapter, so with Redis every hub's subscribers see them; a query gathers every hub's
 * entries. A dropped connection stays present for the grace period, so a reload or a short outage
 * is not a leave. Folding connections into one member per user happens where members are read
 * (core's roster and `membersByUser`).
 */
export class PresenceRegistry {
  private readonly channels = new Map<string, Map<string, Entry>>();
  private closed = false;

  constructor(
    private readonly io: Server,
    private readonly graceMs: number,
    private readonly clustered: boolean,
    /** Told when a user's first connection on this hub enters a channel and their last leaves (webhooks). */
    private readonly onMember: (change: 'added' | 'removed', channel: string, userId: string) => void = () => {},
  ) {
    if (clustered) {
      // Another hub asks for this hub's entries (serverSideEmit with an acknowledgement).
      io.of('/').on(
        HUB_WIRE.presenceQuery as 'connection',
        ((channel: unknown, reply: unknown) => {
          if (typeof reply === 'function') reply(typeof channel === 'string' ? this.local(channel) : []);
        }) as never,
      );
      // A connection recovered on another hub: drop its entries here without a leave, the other hub
      // owns them now. The acknowledgement tells that hub this one will send no leave for it any more.
      io.of('/').on(
        HUB_WIRE.presenceForget as 'connection',
        ((connectionId: unknown, reply: unknown) => {
          if (typeof connectionId === 'string') this.forget(connectionId);
          if (typeof reply === 'function') reply(true);
        }) as never,
      );
    }
  }

  enter(socket: Socket, channel: string, data: unknown, action: 'enter' | 'update'): void {
    const { user, presence } = connectionData(socket);
    if (!user) return;
    presence[channel] = data;
    const entries = this.entriesOf(channel);
    const previous = entries.get(socket.id);
    if (previous?.leaveTimer) clearTimeout(previous.leaveTimer);
    // The profile comes from the hub token, apart from the data the client chose.
    const entry: Entry = { userId: user.id, connectionId: socket.id, data, ...(user.info ? { info: user.info } : {}) };
    const first = ![...entries.values()].some((other) => other.userId === user.id);
    entries.set(socket.id, entry);
    if (first) this.onMember('added', channel, user.id);
    this.broadcast(channel, { action, member: this.member(entry) });
  }

  /** An explicit leave or unsubscribe: immediate. */
  leave(socket: Socket, channel: string): void {
    delete connectionData(socket).presence[channel];
    this.remove(channel, socket.id);
  }

  /** The connection dropped: leave after the grace period unless it comes back (recovery). */
  disconnected(socket: Socket): void {
    for (const channel of Object.keys(connectionData(socket).presence)) {
      const entry = this.channels.get(channel)?.get(socket.id);
      if (!entry || entry.leaveTimer) continue;
      entry.leaveTimer = setTimeout(() => this.remove(channel, socket.id), this.graceMs);
      entry.leaveTimer.unref?.();
    }
  }

  /** A connection came back with its state (recovery): keep or restore its presence. */
  restored(socket: Socket): void {
    const moved: string[] = [];
    for (const [channel, data] of Object.entries(connectionData(socket).presence)) {
      const entry = this.channels.get(channel)?.get(socket.id);
      if (entry?.leaveTimer) {
        clearTimeout(entry.leaveTimer);
        entry.leaveTimer = undefined;
      } else if (!entry) {
        this.enter(socket, channel, data, 'enter');
        moved.push(channel);
      }
    }
    if (moved.length > 0 && this.clustered) void this.takeOver(socket.id, moved);
  }

  /**
   * The connection lived on another hub, which may still hold it in its grace period. That hub's
   * leave timer can fire after the enter above went out but before it hears the forget: its clients
   * would then apply the leave last and lose a member who is present. A hub publishes such a leave
   * before acknowledging the forget, so announcing the entries once more after every acknowledgement
   * makes the enter the last word everywhere (a repeated enter changes nothing for a client).
   */
  private async takeOver(connectionId: string, channels: readonly string[]): Promise<void> {
    await this.io.serverSideEmitWithAck(HUB_WIRE.presenceForget, connectionId).catch(() => {
      // A hub that did not answer in time is gone or overloaded; announce anyway.
    });
    if (this.closed) return;
    for (const channel of channels) {
      const entry = this.channels.get(channel)?.get(connectionId);
      if (entry) this.broadcast(channel, { action: 'enter', member: this.member(entry) });
    }
  }

  /** This hub's entries on a channel. */
  local(channel: string): PresenceConnection[] {
    return [...(this.channels.get(channel)?.values() ?? [])].map((entry) => this.member(entry));
  }

  /** How many connections are present on this hub, over every channel. */
  localCount(): number {
    let count = 0;
    for (const entries of this.channels.values()) count += entries.size;
    return count;
  }

  /** Every hub's entries on a channel (one per connection). */
  async members(channel: string): Promise<PresenceConnection[]> {
    const local = this.local(channel);
    if (!this.clustered) return local;
    const remote = await this.io.serverSideEmitWithAck(HUB_WIRE.presenceQuery, channel).catch(
      // A hub that did not answer in time is left out rather than failing the whole query.
      (error: { responses?: unknown[] }) => error.responses ?? [],
    );
    const others = (remote as unknown[]).flatMap((response) => (Array.isArray(response) ? (response as PresenceConnection[]) : []));
    return [...local, ...others];
  }

  private forget(connectionId: string): void {
    for (const [channel, entries] of this.channels) {
      const entry = entries.get(connectionId);
      if (!entry) continue;
      if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
      entries.delete(connectionId);
      if (entries.size === 0) this.channels.delete(channel);
    }
  }

  close(): void {
    this.closed = true;
    for (const entries of this.channels.values()) {
      for (const entry of entries.values()) if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
    }
    this.channels.clear();
  }

  private remove(channel: string, connectionId: string): void {
    const entries = this.channels.get(channel);
    const entry = entries?.get(connectionId);
    if (!entries || !entry) return;
    if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
    entries.delete(connectionId);
    if (entries.size === 0) this.channels.delete(channel);
    if (![...entries.values()].some((other) => other.userId === entry.userId)) this.onMember('removed', channel, entry.userId);
    this.broadcast(channel, { action: 'leave', member: this.member(entry) });
  }

  private entriesOf(channel: string): Map<string, Entry> {
    let entries = this.channels.get(channel);
    if (!entries) {
      entries = new Map();
      this.channels.set(channel, entries);
    }
    return entries;
  }

  private member(entry: Entry): PresenceConnection {
    return { userId: entry.userId, connectionId: entry.connectionId, data: entry.data, ...(entry.info ? { info: entry.info } : {}) };
  }

  private broadcast(channel: string, event: PresenceWireEvent): void {
    this.io.to(channel).emit(WIRE.presence, channel, event);
  }
}
