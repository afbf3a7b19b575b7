/**
 * Channels as the emulator keeps them: a message log with serials (history, resume replay, rewind),
 * idempotency ids, the presence set, and the realtime sessions attached to each channel.
 */
import { randomBytes } from 'node:crypto';
import type { WireMessage, WirePresenceMessage } from './protocol.js';

/** A published message as stored and fanned out: every field filled in. */
export interface StoredMessage extends WireMessage {
  id: string;
  timestamp: number;
  /** Position in the channel, for channelSerial. */
  sequence: number;
}

/** A presence member: one per clientId per connection. */
export interface PresenceMember {
  clientId: string;
  connectionId: string;
  id: string;
  timestamp: number;
  data?: unknown;
  encoding?: string | undefined;
}

/** A realtime session as a channel sees it. */
export interface ChannelSubscriber {
  readonly connectionId: string;
  deliverMessages(channel: ChannelState, messages: StoredMessage[]): void;
  deliverPresence(channel: ChannelState, presence: WirePresenceMessage[], channelSerial: string): void;
}

const ID_WINDOW_MS = 2 * 60 * 1000;

/** What the store reports for webhooks, as Ably's webhook items name it. */
export interface ChannelStoreEvent {
  source: 'channel.lifecycle' | 'channel.message' | 'channel.presence';
  name: 'channel.opened' | 'channel.closed' | 'channel.message' | 'channel.presence';
  channel: string;
  messages?: StoredMessage[];
  presence?: WirePresenceMessage[];
}

/** The sessions attached to a channel; tells when the first attaches and the last detaches. */
class AttachedSessions extends Set<ChannelSubscriber> {
  constructor(private readonly occupancy: (occupied: boolean) => void) {
    super();
  }
  override add(session: ChannelSubscriber): this {
    const before = this.size;
    super.add(session);
    if (before === 0 && this.size === 1) this.occupancy(true);
    return this;
  }
  override delete(session: ChannelSubscriber): boolean {
    const removed = super.delete(session);
    if (removed && this.size === 0) this.occupancy(false);
    return removed;
  }
}

export class ChannelState {
  readonly epoch = randomBytes(6).toString('hex');
  readonly subscribers: Set<ChannelSubscriber>;
  readonly presence = new Map<string, PresenceMember>();
  private readonly log: StoredMessage[] = [];
  private readonly recentIds = new Map<string, number>();
  private sequence = 0;
  /** Highest sequence evicted from the log: replay from before it is impossible. */
  private evictedThrough = 0;

  constructor(
    readonly name: string,
    private readonly historyLimit: number,
    /** How long a message stays (2 minutes without persistence). */
    private readonly retentionMs: number,
    /** Ably's clock, which stamped the messages. */
    private readonly clock: () => number,
    occupancy: (occupied: boolean) => void = () => {},
  ) {
    this.subscribers = new AttachedSessions(occupancy);
  }

  /** Drops messages past the retention period: history, rewind and resume can't reach them. */
  private expire(): void {
    const oldest = this.clock() - this.retentionMs;
    while (this.log.length > 0 && (this.log[0] as StoredMessage).timestamp < oldest) {
      this.evictedThrough = (this.log.shift() as StoredMessage).sequence;
    }
  }

  /** The channelSerial of the channel's current position (or of a sequence number). */
  serial(sequence = this.sequence): string {
    return `${this.epoch}:${sequence}`;
  }

  /** Appends messages, dropping ids seen within the idempotency window. Returns what was new. */
  append(messages: Array<Omit<StoredMessage, 'sequence'>>): StoredMessage[] {
    const now = Date.now();
    for (const [id, seenAt] of this.recentIds) {
      if (now - seenAt <= ID_WINDOW_MS) break;
      this.recentIds.delete(id);
    }
    const fresh: StoredMessage[] = [];
    for (const message of messages) {
      if (this.recentIds.has(message.id)) continue;
      this.recentIds.set(message.id, now);
      const stored: StoredMessage = { ...message, sequence: ++this.sequence };
      this.log.push(stored);
      fresh.push(stored);
    }
    while (this.log.length > this.historyLimit) this.evictedThrough = (this.log.shift() as StoredMessage).sequence;
    return fresh;
  }

  /** Advances the position without storing anything (presence events carry serials too). */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Messages after a channelSerial, or `undefined` when continuity from it cannot be promised. */
  since(channelSerial: string | undefined): StoredMessage[] | undefined {
    if (!channelSerial) return undefined;
    this.expire();
    const separator = channelSerial.lastIndexOf(':');
    const epoch = channelSerial.slice(0, separator);
    const position = Number(channelSerial.slice(separator + 1));
    if (epoch !== this.epoch || !Number.isInteger(position) || position > this.sequence || position < this.evictedThrough) {
      return undefined;
    }
    return this.log.filter((message) => message.sequence > position);
  }

  /** The last `count` messages still stored, oldest first (rewind by count). */
  latest(count: number): StoredMessage[] {
    this.expire();
    return count > 0 ? this.log.slice(-count) : [];
  }

  /** The last messages stamped at or after `since`, at most `limit`, oldest first (rewind by time). */
  latestSince(since: number, limit: number): StoredMessage[] {
    this.expire();
    return this.log.filter((message) => message.timestamp >= since).slice(-limit);
  }

  /** History query: newest first unless `forwards`. */
  history(options: { limit: number; forwards: boolean; start?: number | undefined; end?: number | undefined }): StoredMessage[] {
    this.expire();
    const inRange = this.log.filter(
      (message) =>
        (options.start === undefined || message.timestamp >= options.start) &&
        (options.end === undefined || message.timestamp <= options.end),
    );
    const ordered = options.forwards ? inRange : [...inRange].reverse();
    return ordered.slice(0, options.limit);
  }
}

/** How the emulator stores messages: Ably's default 2 minutes, longer on persisted channels. */
export interface StorageSettings {
  historyLimit: number;
  clockOffsetMs: number;
  retentionMs: number;
  /** Channel names or namespaces (`ns:*`) with "persist all messages" on. */
  persistedChannels: readonly string[];
  persistedRetentionMs: number;
}

function persisted(settings: StorageSettings, name: string): boolean {
  return settings.persistedChannels.some((rule) => rule === name || (rule.endsWith(':*') && name.startsWith(rule.slice(0, -1))));
}

export class ChannelStore {
  private readonly channels = new Map<string, ChannelState>();

  /** Hears channel lifecycle, messages and presence (the emulator's webhooks). */
  report: (event: ChannelStoreEvent) => void = () => {};

  constructor(private readonly settings: StorageSettings) {}

  /** Ably's clock, which stamps messages: this machine's, shifted by the configured offset. */
  clock(): number {
    return Date.now() + this.settings.clockOffsetMs;
  }

  get(name: string): ChannelState {
    let channel = this.channels.get(name);
    if (!channel) {
      const { settings } = this;
      const retention = persisted(settings, name) ? settings.persistedRetentionMs : settings.retentionMs;
      channel = new ChannelState(
        name,
        settings.historyLimit,
        retention,
        () => this.clock(),
        (occupied) => this.report({ source: 'channel.lifecycle', name: occupied ? 'channel.opened' : 'channel.closed', channel: name }),
      );
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** Stores messages and fans the new ones out to every attached session. */
  publish(name: string, messages: Array<Omit<StoredMessage, 'sequence'>>): StoredMessage[] {
    const channel = this.get(name);
    const fresh = channel.append(messages);
    if (fresh.length > 0) for (const subscriber of channel.subscribers) subscriber.deliverMessages(channel, fresh);
    if (fresh.length > 0) this.report({ source: 'channel.message', name: 'channel.message', channel: name, messages: fresh });
    return fresh;
  }

  /** Applies a presence change and broadcasts it. */
  presence(name: string, action: number, member: PresenceMember, options: { synthetic?: boolean } = {}): void {
    const channel = this.get(name);
    const key = `${member.connectionId}:${member.clientId}`;
    if (action === 3) channel.presence.delete(key);
    else channel.presence.set(key, member);
    const wire: WirePresenceMessage = {
      action,
      clientId: member.clientId,
      connectionId: member.connectionId,
      timestamp: member.timestamp,
      data: member.data,
      ...(member.encoding ? { encoding: member.encoding } : {}),
      // A LEAVE the server makes on a connection's behalf carries no id of that connection.
      ...(options.synthetic ? {} : { id: member.id }),
    };
    const serial = channel.serial(channel.nextSequence());
    for (const subscriber of channel.subscribers) subscriber.deliverPresence(channel, [wire], serial);
    this.report({ source: 'channel.presence', name: 'channel.presence', channel: name, presence: [wire] });
  }

  /** Every member a connection has entered, across channels. */
  membersOf(connectionId: string): Array<{ channel: string; member: PresenceMember }> {
    const found: Array<{ channel: string; member: PresenceMember }> = [];
    for (const channel of this.channels.values()) {
      for (const member of channel.presence.values())
        if (member.connectionId === connectionId) found.push({ channel: channel.name, member });
    }
    return found;
  }
}
