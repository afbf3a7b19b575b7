/**
 * `createSubscriberFromTransport`: what every provider's subscriber shares, around the adapter's
 * transport. The jobs live beside it in `subscriber/`: the public types, the inbound message
 * pipeline, de-duplication, presence (loaded on first use), error reporting and the connect
 * timeout of `ready`; this file wires them per channel.
 */
import { assertChannelRef, type ChannelRef } from './channel.js';
import { RealtimeError, unsupported } from './errors.js';
import type { Rewind } from './history/rewind.js';
import type { ChannelEntry, Listener } from './subscriber/channel-entry.js';
import { withConnectTimeout } from './subscriber/connect-timeout.js';
import { createErrorReporter } from './subscriber/error-reporter.js';
import { lazyPresenceChannel, presenceLibrary, refreshRostersLazily } from './subscriber/lazy-presence.js';
import { createMessageDelivery } from './subscriber/message-delivery.js';
import type { PresenceContext } from './subscriber/subscriber-presence.js';
import type {
  ErrorContext,
  EventHandler,
  RealtimeSubscriber,
  SubscribeOptions,
  SubscriberCoreOptions,
} from './subscriber/subscriber-types.js';
import type { ChannelSink, GapInfo, StateChange, SubscriberTransport } from './transport.js';

export type {
  ErrorContext,
  EventHandler,
  EventHandlers,
  MessageMeta,
  PresenceChannel,
  RealtimeSubscriber,
  SubscribeOptions,
  SubscriberCoreOptions,
  Subscription,
} from './subscriber/subscriber-types.js';

type TransportSource = SubscriberTransport | (() => Promise<SubscriberTransport>);

const noop = () => {};

/** Wraps an adapter's transport with envelope checks, validation, de-duplication and presence. */
export function createSubscriberFromTransport(given: TransportSource, options: SubscriberCoreOptions = {}): RealtimeSubscriber {
  const { history } = options;
  // The catch-up comes with the history client (`client.catchUp`): subscribers without one carry
  // none of it. The `{ client, ...options }` form is handed over as the options.
  const withCatchUp = (target: SubscriberTransport) =>
    history ? ('client' in history ? history.client.catchUp(target, history) : history.catchUp(target)) : target;
  const channels = new Map<string, ChannelEntry>();
  const stateListeners = new Set<(change: StateChange) => void>();
  const errorListeners = new Set<(error: RealtimeError, context: ErrorContext) => void>();
  const gapListeners = new Set<(gap: GapInfo) => void>();
  const source: TransportSource = typeof given === 'function' ? async () => withCatchUp(await given()) : withCatchUp(given);
  let loaded: SubscriberTransport | undefined = typeof source === 'function' ? undefined : source;
  let loading: Promise<SubscriberTransport> | undefined;
  let closed = false;
  const reportError = createErrorReporter(errorListeners);
  // The receive half of the validation policy (validation-policy.ts), inline: this runs in browsers.
  const receive = createMessageDelivery(
    () => loaded,
    reportError,
    options.dedupeWindow ?? 1000,
    options.validate !== false && options.validate !== 'publish',
  );

  const transport = (): Promise<SubscriberTransport> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'Subscriber closed'));
    loading ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then(
      (target) => {
        loaded = target;
        target.onStateChange((change) => {
          for (const listener of stateListeners) listener(change);
          if (change.current === 'connected' && change.previous !== 'connecting') refreshRostersLazily(presence, channels.values());
        });
        target.connect();
        return target;
      },
      (error) => {
        // Not loaded (an auth endpoint that was down): the next subscribe tries again.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };

  function sinkFor(entry: ChannelEntry): ChannelSink {
    const channel = entry.ref.name;
    return {
      message: (message) => receive(entry, message),
      gap(gap) {
        // Messages may be missing from the last one received on, even when the transport noticed
        // the loss later (a hub that found its stream emptied drops connections after the fact).
        const info: GapInfo = { channel, ...gap, since: Math.min(gap.since ?? Infinity, entry.continuousSince) };
        for (const listener of entry.listeners) listener.options.onGap?.(info);
        for (const listener of gapListeners) listener(info);
      },
      presence(event) {
        // Only checked (and refusals reported) where this subscriber uses presence on the channel.
        if (entry.roster) entry.presenceIntake?.event(event, (checked) => entry.roster?.apply(checked));
      },
      error: (error) => reportError(error, { channel }, entry),
    };
  }

  function entryFor(ref: ChannelRef): ChannelEntry {
    let entry = channels.get(ref.name);
    if (!entry) {
      entry = {
        ref,
        listeners: new Set(),
        dedupe: new Set(),
        continuousSince: Date.now(),
      };
      channels.set(ref.name, entry);
    }
    return entry;
  }

  function attach(entry: ChannelEntry, rewind?: Rewind): Promise<void> {
    if (!entry.attached) {
      const attaching = transport().then((target) => {
        // Without a history client a rewind needs the provider's own history, and `{ since }` the store.
        if (rewind !== undefined && !history && (typeof rewind === 'object' || !target.capabilities.history)) {
          throw unsupported(target.provider, 'history');
        }
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
    if (entry.listeners.size > 0 || entry.presenceHolds) return;
    if (channels.get(entry.ref.name) === entry) channels.delete(entry.ref.name);
    entry.roster?.dispose();
    const wasAttached = entry.attached;
    if (wasAttached && loaded && !closed) {
      const target = loaded;
      wasAttached.then(() => target.detach(entry.ref).catch((error) => reportError(error, { channel: entry.ref.name })), noop);
    }
  }

  const presence: PresenceContext = {
    transport,
    loaded: () => loaded,
    entryFor,
    attach: (entry) => attach(entry),
    release,
    report: reportError,
    graceMs: options.presenceGraceMs ?? 2000,
    maxPresenceDataBytes: options.maxPresenceDataBytes,
    lib: presenceLibrary,
  };

  const subscriber: RealtimeSubscriber = {
    subscribe: ((channel: ChannelRef, eventOrHandlers: string | Record<string, EventHandler<unknown>>, ...rest: unknown[]) => {
      assertChannelRef(channel);
      const single = typeof eventOrHandlers === 'string';
      const handlers = single ? { [eventOrHandlers]: rest[0] as EventHandler<unknown> } : { ...eventOrHandlers };
      for (const name in handlers) {
        if (!channel.definition.events[name])
          throw new RealtimeError('INVALID_EVENT', `"${channel.definition.template}" has no event "${name}"`);
      }
      if (single && typeof handlers[eventOrHandlers] !== 'function')
        throw new RealtimeError('CONFIG', 'subscribe(): handler must be a function');
      const listener: Listener = {
        event: single ? eventOrHandlers : undefined,
        handlers,
        options: (rest[single ? 1 : 0] as SubscribeOptions) ?? {},
      };
      const entry = entryFor(channel);
      entry.listeners.add(listener);
      entry.snapshot = undefined;
      const attaching = attach(entry, listener.options.rewind);
      let active = true;
      const stop = () => {
        if (!active) return;
        active = false;
        entry.listeners.delete(listener);
        entry.snapshot = undefined;
        release(entry);
      };
      // The subscription keeps waiting (and the transport retrying) after `ready` timed out.
      let timedOut = false;
      const ready = withConnectTimeout(
        attaching,
        options.connectTimeoutMs ?? 10_000,
        () => loaded,
        channel.name,
        () => {
          timedOut = true;
        },
      );
      attaching.catch((error) => {
        if (!active) return;
        stop();
        // The refusal is the `ready` rejection (unless that timed out first); error listeners hear about it too.
        if (errorListeners.size > 0 || timedOut) reportError(error, { channel: channel.name });
      });
      return { channel: channel.name, ready, confirmed: attaching, unsubscribe: stop };
    }) as RealtimeSubscriber['subscribe'],
    presence: ((ref: ChannelRef) => lazyPresenceChannel(presence, ref)) as RealtimeSubscriber['presence'],
    get state() {
      return closed ? 'closed' : (loaded?.state() ?? 'idle');
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
    // The loaded transport itself: its description, and the optional parts free functions such as
    // `whisper` reach (a subscriber method each would cost every page that never uses them).
    describe: transport,
    async close() {
      if (closed) return;
      closed = true;
      for (const entry of channels.values()) entry.roster?.dispose();
      channels.clear();
      // The transport being loaded is closed once it is (unless it failed to load).
      await (await Promise.resolve(loading ?? loaded).catch(noop))?.close();
    },
  };
  return subscriber;
}
