import { requireCapability } from './capabilities.js';
import { assertChannelRef, type ChannelRef, type EventData, type EventName, type PresenceDataOf } from './channel.js';
import { type Envelope, jsonSizeOverLimit, parseEnvelope } from './envelope.js';
import { RealtimeError } from './errors.js';
import { assertRewindSupported, catchUpSource, type Rewind, type SubscriberHistory } from './history/subscriber-catch-up.js';
import { type PresenceEvent, type PresenceMember, PresenceRoster } from './presence.js';
import { assertPresenceDataSize, DEFAULT_MAX_PRESENCE_DATA_BYTES, PresenceIntake } from './presence-validation.js';
import type { AdapterDescription } from './publisher.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { ChannelSink, ConnectionState, GapInfo, InboundMessage, StateChange, SubscriberTransport } from './transport.js';
import { issuesError, validateWithSchema } from './validation.js';

/** What a handler learns about a message besides its data. */
export interface MessageMeta<TEvent extends string = string> {
  /** The message id, stable across retries of the same publish. */
  id: string;
  /** The event name. */
  event: TEvent;
  /** Logical channel name. */
  channel: string;
  /** Publish time in ms (the provider's timestamp where it has one). */
  timestamp: number;
  /** True when the message was replayed after a reconnect. */
  recovered: boolean;
  /**
   * The message's number in its channel's history (`historySeq`), when the publisher has a history
   * store: keep the last one to resume with `rewind: { since }`.
   */
  seq?: number | undefined;
}

/** Receives one event: its validated data and what is known about the message. */
export type EventHandler<TData, TEvent extends string = string> = (data: TData, meta: MessageMeta<TEvent>) => void;

/** One handler per event name, for subscribing to several events of a channel at once. */
export type EventHandlers<TRef extends ChannelRef> = {
  [E in EventName<TRef>]?: EventHandler<EventData<TRef, E>, E>;
};

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Called when continuity on this channel was lost and messages may have been missed. */
  onGap?: (gap: GapInfo) => void;
  /** Called when a message on this channel could not be delivered (malformed, invalid). */
  onError?: (error: RealtimeError) => void;
  /**
   * Replay on attach, marked `meta.recovered`: the last `n` messages, or `{ since }` every message
   * after a history number. With the subscriber's `history` option it works on every provider (from
   * the history store); without it only a count, and only where the provider keeps history (Ably);
   * elsewhere `ready` rejects with UNSUPPORTED. Applies to the first subscription of a channel.
   */
  rewind?: Rewind;
}

/** One subscription; settle `ready` to know the provider accepted it. */
export interface Subscription {
  /** Logical channel name. */
  readonly channel: string;
  /** Settles when the provider confirmed (resolves) or refused (rejects) the subscription. */
  readonly ready: Promise<void>;
  /** Stops delivery to this subscription's handlers. Safe to call twice. */
  unsubscribe(): void;
}

/** Presence on one channel, as seen by this subscriber. */
export interface PresenceChannel<TData = unknown> {
  /** Enters presence with this connection, validating `data` against the channel's presence schema. */
  enter(data?: TData): Promise<void>;
  /** Replaces this connection's presence data. */
  update(data: TData): Promise<void>;
  /** Leaves presence with this connection. */
  leave(): Promise<void>;
  /** Everyone present, one entry per user. */
  members(): Promise<PresenceMember<TData>[]>;
  /** join / leave / update events; returns the function that stops listening. */
  onChange(listener: (event: PresenceEvent<TData>) => void): () => void;
}

/** Where an error reported to {@link RealtimeSubscriber.onError} happened. */
export interface ErrorContext {
  /** Logical channel name, when the error concerns one. */
  channel?: string;
  /** Event name, when the error concerns one message. */
  event?: string;
}

/** Receives events in a browser, React Native or Node. Create with {@link createSubscriber}. */
export interface RealtimeSubscriber {
  /** Subscribes one handler to one event of a channel. Connects on the first subscribe. */
  subscribe<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    channel: TRef,
    event: TEvent,
    handler: EventHandler<EventData<TRef, TEvent>, TEvent>,
    options?: SubscribeOptions,
  ): Subscription;
  /** Subscribes handlers to several events of a channel with one provider subscription. */
  subscribe<TRef extends ChannelRef>(channel: TRef, handlers: EventHandlers<TRef>, options?: SubscribeOptions): Subscription;
  /** Presence on a channel; fails with UNSUPPORTED where the provider has none. */
  presence<TRef extends ChannelRef>(channel: TRef): PresenceChannel<PresenceDataOf<TRef>>;
  /** Current connection state. */
  readonly state: ConnectionState;
  /** The provider's id of this connection; pass it as `excludeConnectionId` to publish "to others". */
  readonly connectionId: string | undefined;
  /** Listens to connection state changes; returns the function that stops listening. */
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** Listens to errors no call could throw (malformed or invalid messages, revoked channels); returns the function that stops listening. */
  onError(listener: (error: RealtimeError, context: ErrorContext) => void): () => void;
  /** Listens to lost continuity on any channel; refetch what the gap may have hidden. Returns the function that stops listening. */
  onGap(listener: (gap: GapInfo) => void): () => void;
  /** Loads the adapter if needed and reports its provider, capabilities and limits. */
  describe(): Promise<AdapterDescription>;
  /** Closes the connection. Safe to call twice. */
  close(): Promise<void>;
}

/** Options every subscriber accepts, whatever the provider. */
export interface SubscriberCoreOptions {
  /**
   * How many recent message ids each channel remembers to drop duplicates.
   * @default 1000
   */
  dedupeWindow?: number;
  /**
   * A user leaves this long after their last connection did, so a reload is not a leave.
   * @default 2000
   */
  presenceGraceMs?: number;
  /**
   * Largest presence data (and server profile) of one member, in bytes of JSON. Larger members
   * that arrive are dropped and reported (PAYLOAD_TOO_LARGE); `enter`/`update` refuse larger data.
   * @default 8192
   */
  maxPresenceDataBytes?: number;
  /**
   * Catch-up from the history store through the auth endpoint
   * (`createHistoryClient({ authEndpoint })`): missed messages are read back and delivered in
   * order, marked recovered, after reconnects and skipped numbers, and `rewind` works on every
   * provider. See docs/history.md.
   * @default undefined (gaps are reported; rewind only where the provider keeps history)
   */
  history?: SubscriberHistory;
}

type Listener = { event: string | undefined; handlers: Record<string, EventHandler<unknown>>; options: SubscribeOptions };

interface ChannelEntry {
  ref: ChannelRef;
  listeners: Set<Listener>;
  attached: Promise<void> | undefined;
  seen: Set<string>;
  /** Ids in `seen`, oldest first until the ring is full, then a ring with its next slot at `orderNext`. */
  order: string[];
  orderNext: number;
  /** `listeners` as an array, rebuilt after a change; what one message is handed to. */
  snapshot: Listener[] | undefined;
  queue: Promise<void> | undefined;
  roster: PresenceRoster | undefined;
  /** Checks presence members as they arrive (schema, size) before the roster sees them. */
  presenceIntake: PresenceIntake;
  presenceListeners: Set<(event: PresenceEvent) => void>;
  presenceHolds: number;
  /** This connection entered presence here and has not left, so the channel must stay attached. */
  presenceEntered: boolean;
  /**
   * Publish time of the last message received here, else when the channel entry was made: a gap
   * starts no later than this, whenever the transport noticed it.
   */
  continuousSince: number;
}

type TransportSource = SubscriberTransport | (() => Promise<SubscriberTransport>);

const noop = () => {};

/** Wraps an adapter's transport with envelope checks, validation, de-duplication and presence. */
export function createSubscriberFromTransport(given: TransportSource, options: SubscriberCoreOptions = {}): RealtimeSubscriber {
  const source = catchUpSource(given, options.history);
  const dedupeWindow = options.dedupeWindow ?? 1000;
  // How many ids fit in the window (a negative window remembers none; NaN never forgets).
  const dedupeCapacity = Number.isNaN(dedupeWindow) ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(dedupeWindow));
  const graceMs = options.presenceGraceMs ?? 2000;
  const maxPresenceDataBytes = options.maxPresenceDataBytes ?? DEFAULT_MAX_PRESENCE_DATA_BYTES;
  const channels = new Map<string, ChannelEntry>();
  const stateListeners = new Set<(change: StateChange) => void>();
  const errorListeners = new Set<(error: RealtimeError, context: ErrorContext) => void>();
  const gapListeners = new Set<(gap: GapInfo) => void>();
  let loaded: SubscriberTransport | undefined = typeof source === 'function' ? undefined : source;
  let loading: Promise<SubscriberTransport> | undefined;
  let closed = false;

  const transport = (): Promise<SubscriberTransport> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This subscriber is closed'));
    loading ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then((target) => {
      loaded = target;
      target.onStateChange((change) => {
        for (const listener of stateListeners) listener(change);
        if (change.current === 'connected' && change.previous !== 'connecting') void refreshRosters(target);
      });
      target.connect();
      return target;
    });
    return loading;
  };

  function reportError(error: unknown, context: ErrorContext, entry?: ChannelEntry): void {
    const realtimeError = RealtimeError.isInstance(error)
      ? error
      : new RealtimeError('MALFORMED_MESSAGE', error instanceof Error ? error.message : String(error), { cause: error });
    let delivered = false;
    if (entry) {
      for (const listener of entry.listeners) {
        if (listener.options.onError) {
          listener.options.onError(realtimeError);
          delivered = true;
        }
      }
    }
    for (const listener of errorListeners) {
      listener(realtimeError, context);
      delivered = true;
    }
    if (!delivered) console.warn(`[switchboard] ${realtimeError.code}: ${realtimeError.message}`);
  }

  /** False when the id was seen recently; remembers the last `dedupeWindow` ids in a ring. */
  function remember(entry: ChannelEntry, id: string): boolean {
    if (entry.seen.has(id)) return false;
    entry.seen.add(id);
    if (entry.order.length < dedupeCapacity) {
      entry.order.push(id);
    } else if (dedupeCapacity === 0) {
      entry.seen.delete(id);
    } else {
      // The ring is full: the oldest id sits where the next one goes.
      entry.seen.delete(entry.order[entry.orderNext] as string);
      entry.order[entry.orderNext] = id;
      entry.orderNext = (entry.orderNext + 1) % dedupeCapacity;
    }
    return true;
  }

  function deliver(entry: ChannelEntry, message: InboundMessage): void | Promise<void> {
    const target = loaded;
    let envelope: ReturnType<typeof parseEnvelope>;
    try {
      envelope = parseEnvelope(message.envelope, target?.provider);
    } catch (error) {
      return reportError(error, { channel: entry.ref.name }, entry);
    }
    // Nothing this large can come from a Switchboard publisher (it checks the same limit on the same
    // JSON); report it rather than hand a handler a message the contract says cannot exist.
    const limit = target?.limits.maxPayloadBytes;
    if (limit !== undefined && Number.isFinite(limit)) {
      const size = jsonSizeOverLimit(envelope, limit);
      if (size !== undefined) {
        return reportError(
          new RealtimeError('PAYLOAD_TOO_LARGE', `Received a ${size}-byte message on "${entry.ref.name}"; the limit is ${limit}`, {
            provider: target?.provider,
            details: { size, limit, id: envelope.id },
          }),
          { channel: entry.ref.name, event: envelope.event },
          entry,
        );
      }
    }
    if (envelope.exclude !== undefined && envelope.exclude === target?.connectionId()) return;
    const schema = entry.ref.definition.events[envelope.event];
    if (!schema) {
      return reportError(
        new RealtimeError('INVALID_EVENT', `Received unknown event "${envelope.event}" on "${entry.ref.name}"`, {
          provider: target?.provider,
        }),
        { channel: entry.ref.name, event: envelope.event },
        entry,
      );
    }
    if (!remember(entry, envelope.id)) return;
    if (envelope.ts > entry.continuousSince) entry.continuousSince = envelope.ts;
    const result = schema['~standard'].validate(envelope.data);
    if (result instanceof Promise) {
      const settledEnvelope = envelope;
      return result.then(
        (settled) => validated(entry, settledEnvelope, message.recovered, settled),
        (error: unknown) => rejected(entry, settledEnvelope, error),
      );
    }
    validated(entry, envelope, message.recovered, result);
  }

  /** Hands a validated message to the handlers, or reports why it was not valid. */
  function validated(entry: ChannelEntry, envelope: Envelope, recovered: boolean, result: StandardSchemaV1.Result<unknown>): void {
    if (result.issues) {
      rejected(entry, envelope, issuesError(result.issues, `Received "${envelope.event}" on "${entry.ref.name}"`));
      return;
    }
    const meta: MessageMeta = { id: envelope.id, event: envelope.event, channel: entry.ref.name, timestamp: envelope.ts, recovered };
    if (typeof envelope.historySeq === 'number') meta.seq = envelope.historySeq;
    // A snapshot: handlers that (un)subscribe while this message is handed out do not change who gets it.
    entry.snapshot ??= [...entry.listeners];
    for (const listener of entry.snapshot) {
      if (listener.event !== undefined && listener.event !== envelope.event) continue;
      const handler = listener.handlers[envelope.event];
      if (!handler) continue;
      try {
        handler(result.value, meta);
      } catch (error) {
        reportError(error, { channel: entry.ref.name, event: envelope.event }, entry);
      }
    }
  }

  /** The message could not be delivered: forget its id (a valid copy may follow) and report. */
  function rejected(entry: ChannelEntry, envelope: Envelope, error: unknown): void {
    entry.seen.delete(envelope.id);
    reportError(error, { channel: entry.ref.name, event: envelope.event }, entry);
  }

  function sinkFor(entry: ChannelEntry): ChannelSink {
    return {
      message(message) {
        // Keep per-channel order even when a schema validates asynchronously.
        if (!entry.queue) {
          const pending = deliver(entry, message);
          if (!pending) return;
          const tail: Promise<void> = pending.finally(() => {
            if (entry.queue === tail) entry.queue = undefined;
          });
          entry.queue = tail;
          return;
        }
        const tail: Promise<void> = entry.queue
          .then(() => deliver(entry, message))
          .finally(() => {
            if (entry.queue === tail) entry.queue = undefined;
          });
        entry.queue = tail;
      },
      gap(gap) {
        // Messages may be missing from the last one received on, even when the transport noticed
        // the loss later (a hub that found its stream emptied drops connections after the fact).
        const since = Math.min(gap.since ?? Number.POSITIVE_INFINITY, entry.continuousSince);
        const info: GapInfo = { channel: entry.ref.name, ...gap, since };
        for (const listener of entry.listeners) listener.options.onGap?.(info);
        for (const listener of gapListeners) listener(info);
      },
      presence(event) {
        // Only checked (and refusals reported) where this subscriber uses presence on the channel.
        if (entry.roster) entry.presenceIntake.event(event, (checked) => entry.roster?.apply(checked));
      },
      error(error) {
        reportError(error, { channel: entry.ref.name }, entry);
      },
    };
  }

  function entryFor(ref: ChannelRef): ChannelEntry {
    let entry = channels.get(ref.name);
    if (!entry) {
      const created: ChannelEntry = {
        ref,
        listeners: new Set(),
        attached: undefined,
        seen: new Set(),
        order: [],
        orderNext: 0,
        snapshot: undefined,
        queue: undefined,
        roster: undefined,
        presenceIntake: new PresenceIntake(ref, {
          maxDataBytes: maxPresenceDataBytes,
          provider: () => loaded?.provider,
          report: (error) => reportError(error, { channel: ref.name }, created),
        }),
        presenceListeners: new Set(),
        presenceHolds: 0,
        continuousSince: Date.now(),
        presenceEntered: false,
      };
      entry = created;
      channels.set(ref.name, entry);
    }
    return entry;
  }

  function attach(entry: ChannelEntry, rewind?: Rewind): Promise<void> {
    if (!entry.attached) {
      const attaching = transport().then((target) => {
        assertRewindSupported(target, rewind, options.history !== undefined);
        return target.attach(entry.ref, sinkFor(entry), { rewind });
      });
      entry.attached = attaching;
      attaching.catch(() => {
        if (entry.attached === attaching) entry.attached = undefined;
      });
    }
    return entry.attached;
  }

  function release(entry: ChannelEntry): void {
    if (entry.listeners.size > 0 || entry.presenceHolds > 0) return;
    if (channels.get(entry.ref.name) === entry) channels.delete(entry.ref.name);
    entry.roster?.dispose();
    const wasAttached = entry.attached;
    if (wasAttached && loaded && !closed) {
      const target = loaded;
      wasAttached.then(() => target.detach(entry.ref).catch((error) => reportError(error, { channel: entry.ref.name })), noop);
    }
  }

  /** Lets a presence-only channel go once nobody listens to its presence and this connection is not in it. */
  function releasePresence(entry: ChannelEntry): void {
    if (!entry.roster || entry.presenceListeners.size > 0 || entry.presenceEntered) return;
    entry.roster.dispose();
    entry.roster = undefined;
    entry.presenceHolds = 0;
    release(entry);
  }

  async function refreshRosters(target: SubscriberTransport): Promise<void> {
    for (const entry of channels.values()) {
      if (!entry.roster || !target.presence) continue;
      try {
        const members = await entry.presenceIntake.snapshot(await target.presence.members(entry.ref));
        entry.roster?.reset(members);
      } catch (error) {
        reportError(error, { channel: entry.ref.name }, entry);
      }
    }
  }

  function presenceChannel(ref: ChannelRef): PresenceChannel<unknown> {
    assertChannelRef(ref);
    const entry = entryFor(ref);
    const ensure = async () => {
      const target = await transport();
      requireCapability(target.provider, target.capabilities, 'presence');
      if (ref.definition.access !== 'presence') {
        throw new RealtimeError('INVALID_CHANNEL', `"${ref.name}" is not a presence channel (access: ${ref.definition.access})`, {
          provider: target.provider,
        });
      }
      const presence = target.presence;
      if (!presence) throw new RealtimeError('UNSUPPORTED', `${target.provider} does not support presence`);
      if (!entry.roster) {
        entry.presenceHolds += 1;
        entry.roster = new PresenceRoster(graceMs, (event) => {
          for (const listener of entry.presenceListeners) listener(event);
        });
        await attach(entry);
        const members = await entry.presenceIntake.snapshot(await presence.members(ref));
        entry.roster?.reset(members);
      } else {
        await attach(entry);
      }
      return presence;
    };
    const validated = async (data: unknown) => {
      // Every member receiving this checks it with the same schema, so `enter()` without data is
      // refused here when the schema needs some.
      const value = ref.definition.presence
        ? await validateWithSchema(ref.definition.presence, data, `Presence data on "${ref.name}"`)
        : data;
      // Members refuse larger data on arrival; refuse it here first.
      assertPresenceDataSize(ref, value, maxPresenceDataBytes, loaded?.provider);
      return value;
    };
    return {
      async enter(data) {
        const value = await validated(data);
        await (await ensure()).enter(ref, value);
        entry.presenceEntered = true;
      },
      async update(data) {
        const value = await validated(data);
        await (await ensure()).update(ref, value);
        entry.presenceEntered = true;
      },
      async leave() {
        await (await ensure()).leave(ref);
        entry.presenceEntered = false;
        releasePresence(entry);
      },
      async members() {
        await ensure();
        return entry.roster?.members() ?? [];
      },
      onChange(listener) {
        const typed = listener as (event: PresenceEvent) => void;
        entry.presenceListeners.add(typed);
        // If the listener left while presence was still being set up, let the channel go once it is.
        ensure().then(
          () => {
            if (!entry.presenceListeners.has(typed)) releasePresence(entry);
          },
          (error) => reportError(error, { channel: ref.name }, entry),
        );
        return () => {
          entry.presenceListeners.delete(typed);
          releasePresence(entry);
        };
      },
    };
  }

  const subscriber: RealtimeSubscriber = {
    subscribe: ((channel: ChannelRef, eventOrHandlers: string | Record<string, EventHandler<unknown>>, ...rest: unknown[]) => {
      assertChannelRef(channel);
      let listener: Listener;
      if (typeof eventOrHandlers === 'string') {
        const handler = rest[0] as EventHandler<unknown>;
        if (!channel.definition.events[eventOrHandlers]) {
          throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${eventOrHandlers}"`);
        }
        if (typeof handler !== 'function')
          throw new RealtimeError('CONFIG', 'subscribe(channel, event, handler): handler must be a function');
        listener = { event: eventOrHandlers, handlers: { [eventOrHandlers]: handler }, options: (rest[1] as SubscribeOptions) ?? {} };
      } else {
        for (const name of Object.keys(eventOrHandlers ?? {})) {
          if (!channel.definition.events[name]) {
            throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${name}"`);
          }
        }
        listener = { event: undefined, handlers: { ...eventOrHandlers }, options: (rest[0] as SubscribeOptions) ?? {} };
      }
      const entry = entryFor(channel);
      entry.listeners.add(listener);
      entry.snapshot = undefined;
      const ready = attach(entry, listener.options.rewind);
      let active = true;
      ready.catch((error) => {
        if (!active) return;
        active = false;
        entry.listeners.delete(listener);
        entry.snapshot = undefined;
        release(entry);
        // The refusal is the `ready` rejection; error listeners hear about it too.
        if (errorListeners.size > 0) reportError(error, { channel: channel.name });
      });
      return {
        channel: channel.name,
        ready,
        unsubscribe() {
          if (!active) return;
          active = false;
          entry.listeners.delete(listener);
          entry.snapshot = undefined;
          release(entry);
        },
      };
    }) as RealtimeSubscriber['subscribe'],
    presence: presenceChannel as RealtimeSubscriber['presence'],
    get state() {
      if (closed) return 'closed';
      return loaded ? loaded.state() : 'idle';
    },
    get connectionId() {
      return loaded?.connectionId();
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    onGap(listener) {
      gapListeners.add(listener);
      return () => gapListeners.delete(listener);
    },
    async describe() {
      const target = await transport();
      return { provider: target.provider, capabilities: target.capabilities, limits: target.limits };
    },
    async close() {
      if (closed) return;
      const pending = loading ?? (loaded ? Promise.resolve(loaded) : undefined);
      closed = true;
      for (const entry of channels.values()) entry.roster?.dispose();
      channels.clear();
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
  return subscriber;
}
