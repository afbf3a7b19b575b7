import type { PresenceConnection, PresenceTransportEvent } from './transport.js';

/**
 * A user present on a channel: one member per user, however many tabs or devices. `userId` and
 * `info` come from the server; `data` is what the member's client chose, checked on arrival
 * against the channel's presence schema.
 */
export interface PresenceMember<TData = unknown> {
  /** The user's id, from the server's authentication. */
  userId: string;
  /** What the user's client entered or last updated (validated with the channel's `presence` schema). */
  data: TData;
  /**
   * The user's public profile as the server issued it (`AuthUser.info`), never something a client
   * chose. Absent when the user has none, and on Ably, which carries no server-issued member profile.
   */
  info?: Record<string, unknown> | undefined;
}

/** A change to who is present on a channel. */
export interface PresenceEvent<TData = unknown> {
  /** `join` on a user's first connection, `leave` after their last one (plus the grace period), `update` when their data changed. */
  type: 'join' | 'leave' | 'update';
  /** The member who joined, left or changed. */
  member: PresenceMember<TData>;
  /** Everyone present after this event. */
  members: PresenceMember<TData>[];
}

/** Folds connection-level presence into one member per user. */
export function membersByUser(connections: PresenceConnection[]): PresenceMember[] {
  const byUser = new Map<string, PresenceMember>();
  for (const connection of connections) byUser.set(connection.userId, memberOf(connection.userId, connection.data, connection.info));
  return [...byUser.values()];
}

function memberOf(userId: string, data: unknown, info: Record<string, unknown> | undefined): PresenceMember {
  return info === undefined ? { userId, data } : { userId, data, info };
}

interface RosterEntry {
  data: unknown;
  info: Record<string, unknown> | undefined;
  connections: Set<string>;
  leaveTimer?: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Client-side presence state for one channel. A user joins with their first connection and leaves
 * `graceMs` after their last one, so a page reload within the grace period is not a leave.
 */
export class PresenceRoster {
  private readonly entries = new Map<string, RosterEntry>();

  constructor(
    private readonly graceMs: number,
    private readonly emit: (event: PresenceEvent) => void,
  ) {}

  /** Everyone present, one entry per user. */
  members(): PresenceMember[] {
    return [...this.entries].map(([userId, entry]) => memberOf(userId, entry.data, entry.info));
  }

  /** Whether the user is present. */
  has(userId: string): boolean {
    return this.entries.has(userId);
  }

  /** Folds one connection-level presence event into the roster, emitting user-level events. */
  apply(event: PresenceTransportEvent): void {
    const { userId } = event.member;
    const connectionKey = event.member.connectionId ?? userId;
    const entry = this.entries.get(userId);
    if (event.action === 'leave') {
      if (!entry) return;
      entry.connections.delete(connectionKey);
      if (entry.connections.size === 0 && !entry.leaveTimer) this.scheduleLeave(userId, entry);
      return;
    }
    if (!entry) {
      const created: RosterEntry = { data: event.member.data, info: event.member.info, connections: new Set([connectionKey]) };
      this.entries.set(userId, created);
      this.emitEvent('join', userId, created);
      return;
    }
    const wasLeaving = entry.leaveTimer !== undefined;
    if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
    entry.leaveTimer = undefined;
    entry.connections.add(connectionKey);
    const changed =
      JSON.stringify(entry.data) !== JSON.stringify(event.member.data) || JSON.stringify(entry.info) !== JSON.stringify(event.member.info);
    entry.data = event.member.data;
    entry.info = event.member.info;
    if (changed || (event.action === 'update' && !wasLeaving)) this.emitEvent('update', userId, entry);
  }

  /** Replaces the state with a snapshot (after attach or re-attach), emitting the differences. */
  reset(snapshot: PresenceConnection[]): void {
    const present = new Map<string, PresenceConnection[]>();
    for (const connection of snapshot) {
      present.set(connection.userId, [...(present.get(connection.userId) ?? []), connection]);
    }
    for (const [userId, entry] of this.entries) {
      if (!present.has(userId)) {
        entry.connections.clear();
        if (!entry.leaveTimer) this.scheduleLeave(userId, entry);
      }
    }
    for (const connections of present.values()) {
      for (const connection of connections) this.apply({ action: 'enter', member: connection });
    }
  }

  /** Cancels pending leaves and forgets everyone. */
  dispose(): void {
    for (const entry of this.entries.values()) if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
    this.entries.clear();
  }

  private scheduleLeave(userId: string, entry: RosterEntry): void {
    const leave = () => {
      this.entries.delete(userId);
      this.emitEvent('leave', userId, entry);
    };
    if (this.graceMs <= 0) {
      leave();
      return;
    }
    entry.leaveTimer = setTimeout(leave, this.graceMs);
    (entry.leaveTimer as { unref?: () => void }).unref?.();
  }

  private emitEvent(type: PresenceEvent['type'], userId: string, entry: RosterEntry): void {
    this.emit({ type, member: memberOf(userId, entry.data, entry.info), members: this.members() });
  }
}
