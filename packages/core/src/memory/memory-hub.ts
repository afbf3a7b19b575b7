/**
 * The in-memory "server": channels, connections, presence and a replay buffer, in one process.
 * Used by the memory adapter, by single-process apps and by users' unit tests.
 */

import { type AccessRules, checkAccess } from '../access.js';
import type { AuthUser, ChannelRef } from '../channel.js';
import type { InboundClientEvent } from '../client-events/client-event-carrier.js';
import { clientEventSchema } from '../client-events/client-event-rules.js';
import { createSlidingWindow } from '../client-events/sliding-window.js';
import type { Envelope } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { ProviderStats } from '../health/provider-stats.js';
import type { ChannelSink, ConnectionState, OutboundMessage, PresenceConnection } from '../transport.js';
import { copyMessage } from './message-copy.js';

/** Options of a {@link MemoryHub}. */
export interface MemoryHubOptions {
  /** Access rules; channels without one fall back to the definition's `authorize`, then default deny. */
  rules?: AccessRules;
  /**
   * How long a dropped connection's missed messages are kept for replay.
   * @default 120000
   */
  recoveryWindowMs?: number;
  /**
   * Delay before a dropped connection comes back.
   * @default 10
   */
  reconnectDelayMs?: number;
  /**
   * Largest accepted message.
   * @default 65536
   */
  maxPayloadBytes?: number;
  /**
   * Client events one connection may send per second, as hosted Pusher allows.
   * @default 10
   */
  clientEventsPerSecond?: number;
}

/** A connection's view of the hub; what the memory subscriber transport drives. */
export interface MemoryConnection {
  /** The connection id, as `connectionId` reports it. */
  readonly id: string;
  /** The signed-in user, checked against the hub's rules. */
  readonly user: AuthUser | undefined;
  /** Current state of the simulated connection. */
  state: ConnectionState;
  /** Told about every state change. */
  onState?: (state: ConnectionState) => void;
}

interface ConnectionRecord extends MemoryConnection {
  sinks: Map<string, { channel: ChannelRef; sink: ChannelSink }>;
  entered: Map<string, unknown>;
  disconnectedAt: number | undefined;
  missed: Array<{ channel: string; envelope: Envelope }>;
  /** Client event listeners, by channel name. */
  whispers: Map<string, Set<(event: InboundClientEvent) => void>>;
  clientEventWindow: ReturnType<typeof createSlidingWindow>;
}

/** Options of {@link MemoryHub.dropConnections}. */
export interface DropOptions {
  /**
   * Replay missed messages on reconnect; `false` simulates an outage longer than the recovery window.
   * @default true
   */
  recover?: boolean;
  /**
   * How long connections stay down.
   * @default reconnectDelayMs
   */
  downForMs?: number;
}

let nextHubId = 0;

/** How many accepted messages a memory hub keeps at least for tests to read (`accepted`). */
export const ACCEPTED_KEPT = 10_000;

/**
 * The in-process "server" of the memory adapter: connections, channels, presence, recovery, plus fault injection for tests
 * (`dropConnections`, `failNextPublishes`).
 */
export class MemoryHub {
  /** How long a dropped connection can be away and still get its missed messages. */
  readonly recoveryWindowMs: number;
  /** How long a dropped connection waits before it reconnects. */
  readonly reconnectDelayMs: number;
  /** Largest message the hub accepts. */
  readonly maxPayloadBytes: number;
  private readonly clientEventsPerSecond: number;
  private readonly rules: AccessRules;
  private readonly connections = new Map<string, ConnectionRecord>();
  private readonly presenceByChannel = new Map<string, Map<string, PresenceConnection>>();
  private readonly hubId = ++nextHubId;
  private connectionCount = 0;
  private failures: { remaining: number; error: () => RealtimeError } | undefined;
  /**
   * The messages the hub accepted, in order; tests read it to see what reached the "server". It
   * keeps the last {@link ACCEPTED_KEPT} at least: older ones are dropped in blocks, so a hub that
   * runs for long (a dev server on `REALTIME_PROVIDER=memory`) does not hold every message forever.
   */
  readonly accepted: Envelope[] = [];

  constructor(options: MemoryHubOptions = {}) {
    this.rules = options.rules ?? [];
    this.recoveryWindowMs = options.recoveryWindowMs ?? 120_000;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 10;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 65_536;
    this.clientEventsPerSecond = options.clientEventsPerSecond ?? 10;
  }

  /** Opens a connection for `user`. */
  connect(user: AuthUser | undefined, onState: (state: ConnectionState) => void): MemoryConnection {
    const record: ConnectionRecord = {
      id: `mem${this.hubId}-${++this.connectionCount}`,
      user,
      state: 'connected',
      onState,
      sinks: new Map(),
      entered: new Map(),
      disconnectedAt: undefined,
      missed: [],
      whispers: new Map(),
      clientEventWindow: createSlidingWindow(this.clientEventsPerSecond),
    };
    this.connections.set(record.id, record);
    return record;
  }

  /** Closes a connection for good and removes its presence. */
  disconnect(connection: MemoryConnection): void {
    const record = this.connections.get(connection.id);
    if (!record) return;
    for (const name of record.entered.keys()) this.removePresence(name, record);
    this.connections.delete(record.id);
  }

  /** Subscribes a connection to a channel after checking the hub's rules; rejects with FORBIDDEN. */
  async attach(connection: MemoryConnection, channel: ChannelRef, sink: ChannelSink): Promise<void> {
    const record = this.record(connection);
    const access = await checkAccess(record.user, channel, this.rules);
    if (!access.allowed) {
      throw new RealtimeError(record.user ? 'FORBIDDEN' : 'UNAUTHORIZED', `Subscription to "${channel.name}" refused: ${access.reason}`, {
        provider: 'memory',
        details: { channel: channel.name, reason: access.reason },
      });
    }
    record.sinks.set(channel.name, { channel, sink });
  }

  /** Unsubscribes a connection from a channel. */
  detach(connection: MemoryConnection, channel: ChannelRef): void {
    const record = this.connections.get(connection.id);
    if (!record) return;
    record.sinks.delete(channel.name);
    if (record.entered.has(channel.name)) this.removePresence(channel.name, record);
  }

  /** Accepts messages and fans them out asynchronously, like a network would. */
  publish(messages: OutboundMessage[]): void {
    if (this.failures && this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      throw this.failures.error();
    }
    if (this.accepted.length >= 2 * ACCEPTED_KEPT) this.accepted.splice(0, this.accepted.length - ACCEPTED_KEPT);
    for (const { channel, envelope } of messages) {
      this.accepted.push(envelope);
      for (const record of this.connections.values()) {
        if (!record.sinks.has(channel.name) || record.id === envelope.exclude) continue;
        // The hub knows each connection's user: an excluded user's connections are left out here.
        if (envelope.excludeUser !== undefined && record.user?.id === envelope.excludeUser) continue;
        if (record.disconnectedAt !== undefined) {
          record.missed.push({ channel: channel.name, envelope });
          continue;
        }
        const target = record.sinks.get(channel.name);
        queueMicrotask(() => target?.sink.message({ envelope: copyMessage(envelope), recovered: false }));
      }
    }
  }

  /**
   * A client event from a connection, checked as a server would before relaying it: the connection
   * must be subscribed (the rules admitted it), the channel private or presence, the event declared
   * and its data valid, and the connection under its rate. The other subscribed connections get it
   * with the sender's user id, never the sender.
   */
  async clientEvent(connection: MemoryConnection, channel: ChannelRef, event: string, data: unknown): Promise<void> {
    const record = this.record(connection);
    if (!record.sinks.has(channel.name)) {
      throw new RealtimeError('FORBIDDEN', `Subscribe to "${channel.name}" before sending client events on it`, { provider: 'memory' });
    }
    const schema = clientEventSchema(channel.definition, event, 'memory');
    const checked = await schema['~standard'].validate(data);
    if (checked.issues) throw new RealtimeError('VALIDATION_FAILED', `Client event "${event}" is invalid`, { provider: 'memory' });
    const slot = record.clientEventWindow.take();
    if (!slot.ok) {
      throw new RealtimeError('RATE_LIMITED', `At most ${this.clientEventsPerSecond} client events per second per connection`, {
        provider: 'memory',
        retryAfterMs: slot.retryAfterMs,
      });
    }
    for (const other of this.connections.values()) {
      if (other === record || other.disconnectedAt !== undefined || !other.sinks.has(channel.name)) continue;
      for (const listener of other.whispers.get(channel.name) ?? []) {
        queueMicrotask(() => listener({ event, data: copyMessage(data), userId: record.user?.id }));
      }
    }
  }

  /** Hands a connection the client events others send on a channel; returns the function that stops it. */
  listenForClientEvents(connection: MemoryConnection, channelName: string, listener: (event: InboundClientEvent) => void): () => void {
    const record = this.record(connection);
    const listeners = record.whispers.get(channelName) ?? new Set();
    record.whispers.set(channelName, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Sends raw data to every connection attached to a channel, bypassing every check (for tests). */
  injectRaw(channel: ChannelRef, raw: unknown): void {
    for (const record of this.connections.values()) {
      const target = record.sinks.get(channel.name);
      if (target) queueMicrotask(() => target.sink.message({ envelope: raw, recovered: false }));
    }
  }

  /** Enters or updates a connection's presence on a channel and tells the channel's subscribers. */
  enterPresence(connection: MemoryConnection, channel: ChannelRef, data: unknown, action: 'enter' | 'update'): void {
    const record = this.record(connection);
    if (!record.sinks.has(channel.name)) {
      throw new RealtimeError('FORBIDDEN', `Attach to "${channel.name}" before entering presence`, { provider: 'memory' });
    }
    if (!record.user) throw new RealtimeError('UNAUTHORIZED', 'Presence needs a signed-in user', { provider: 'memory' });
    record.entered.set(channel.name, data);
    // The profile comes from the signed-in user, apart from the data the client chose.
    const { info } = record.user;
    const member: PresenceConnection = { userId: record.user.id, connectionId: record.id, data, ...(info ? { info } : {}) };
    const members = this.presenceByChannel.get(channel.name) ?? new Map<string, PresenceConnection>();
    members.set(record.id, member);
    this.presenceByChannel.set(channel.name, members);
    this.broadcastPresence(channel.name, { action, member });
  }

  /** Removes a connection's presence from a channel. */
  leavePresence(connection: MemoryConnection, channel: ChannelRef): void {
    const record = this.connections.get(connection.id);
    if (record?.entered.has(channel.name)) this.removePresence(channel.name, record);
  }

  /** The connections present on a channel, by provider channel name. */
  presenceMembers(channelName: string): PresenceConnection[] {
    return [...(this.presenceByChannel.get(channelName)?.values() ?? [])].map((member) => ({ ...member }));
  }

  /** Number of channel attachments across connections (for leak checks). */
  subscriptionCount(): number {
    let count = 0;
    for (const record of this.connections.values()) count += record.sinks.size;
    return count;
  }

  /** Connections, channels with a subscriber, subscriptions and presence members right now. */
  stats(): ProviderStats {
    const channels = new Set<string>();
    for (const record of this.connections.values()) for (const name of record.sinks.keys()) channels.add(name);
    let presenceMembers = 0;
    for (const members of this.presenceByChannel.values()) presenceMembers += members.size;
    return { connections: this.connections.size, channels: channels.size, subscriptions: this.subscriptionCount(), presenceMembers };
  }

  /** How many connections are open right now. */
  connectionCountNow(): number {
    return this.connections.size;
  }

  /**
   * Fault: drops every connection now. They come back `downForMs` later and recover the missed
   * messages, or report a gap when `recover` is false. Resolves once the connections are down.
   */
  async dropConnections(options: DropOptions = {}): Promise<void> {
    const recover = options.recover ?? true;
    const downFor = options.downForMs ?? this.reconnectDelayMs;
    const dropped = [...this.connections.values()].filter((record) => record.disconnectedAt === undefined);
    for (const record of dropped) {
      record.disconnectedAt = Date.now();
      for (const name of record.entered.keys()) this.removePresence(name, record, false);
      this.setState(record, 'reconnecting');
    }
    setTimeout(() => {
      for (const record of dropped) this.reconnect(record, recover);
    }, downFor);
  }

  /** Fault: the next `count` publishes fail with a retriable PROVIDER_UNAVAILABLE (or `error`). */
  failNextPublishes(count: number, error?: () => RealtimeError): void {
    this.failures = {
      remaining: count,
      error: error ?? (() => new RealtimeError('PROVIDER_UNAVAILABLE', 'memory hub: injected failure', { provider: 'memory' })),
    };
  }

  private reconnect(record: ConnectionRecord, recover: boolean): void {
    if (!this.connections.has(record.id)) return;
    const since = record.disconnectedAt;
    const withinWindow = since !== undefined && Date.now() - since <= this.recoveryWindowMs;
    const missed = record.missed;
    record.disconnectedAt = undefined;
    record.missed = [];
    this.setState(record, 'connected');
    for (const [name, data] of record.entered) {
      const target = record.sinks.get(name);
      if (target) this.enterPresence(record, target.channel, data, 'enter');
    }
    for (const { channel, sink } of record.sinks.values()) {
      if (!(recover && withinWindow)) {
        sink.gap({ reason: recover ? 'recovery-window-exceeded' : 'reconnected-without-recovery', since });
        continue;
      }
      for (const entry of missed) {
        if (entry.channel === channel.name) sink.message({ envelope: copyMessage(entry.envelope), recovered: true });
      }
    }
  }

  private setState(record: ConnectionRecord, state: ConnectionState): void {
    record.state = state;
    record.onState?.(state);
  }

  private removePresence(channelName: string, record: ConnectionRecord, forget = true): void {
    const members = this.presenceByChannel.get(channelName);
    const member = members?.get(record.id);
    if (forget) record.entered.delete(channelName);
    if (!members || !member) return;
    members.delete(record.id);
    if (members.size === 0) this.presenceByChannel.delete(channelName);
    this.broadcastPresence(channelName, { action: 'leave', member });
  }

  private broadcastPresence(channelName: string, event: { action: 'enter' | 'update' | 'leave'; member: PresenceConnection }): void {
    for (const record of this.connections.values()) {
      if (record.disconnectedAt !== undefined) continue;
      const target = record.sinks.get(channelName);
      if (target) queueMicrotask(() => target.sink.presence({ action: event.action, member: { ...event.member } }));
    }
  }

  private record(connection: MemoryConnection): ConnectionRecord {
    const record = this.connections.get(connection.id);
    if (!record) throw new RealtimeError('CLOSED', 'This memory connection is closed', { provider: 'memory' });
    return record;
  }
}

let defaultHub: MemoryHub | undefined;

/** The process-wide hub used when none is passed, so a publisher and a subscriber meet by default. */
export function defaultMemoryHub(): MemoryHub {
  defaultHub ??= new MemoryHub();
  return defaultHub;
}
