/**
 * The transport of a subscriber whose auth endpoint can switch provider (loaded only then): it
 * wraps the current provider's transport, remembers every attached channel and presence entry,
 * listens for announcements on `switchboard-provider` and re-asks the endpoint after reconnects and
 * credential requests. The move itself (`subscriber-move.ts`) is loaded when a change is seen.
 */
// Types only: everything this lazily loaded chunk runs from core is handed in (`SwitchKit`), so no
// core module is shared with the page's main chunk and a page that never switches pays nothing.
import type { discoverProvider, ProviderDiscovery } from '../auth/provider-discovery.js';
import type { AnyChannelDefinition, ChannelRef } from '../channel.js';
import type { SwitchableTransport } from '../client-events/client-event-carrier.js';
import type { AuthEndpointSubscriberOptions, transportForDiscovery } from '../create-subscriber.js';
import type { parseEnvelope } from '../envelope.js';
import type { RealtimeError, unsupported } from '../errors.js';
import type { loadChunk } from '../kit/lazy-chunk.js';
import type { ChannelSink, StateChange, SubscriberTransport } from '../transport.js';
import type { ProviderChange } from './provider-change.js';

/** What the switch runs from core, handed in by `createSubscriber`. */
export interface SwitchKit {
  build: typeof transportForDiscovery;
  discover: typeof discoverProvider;
  parseEnvelope: typeof parseEnvelope;
  RealtimeError: typeof RealtimeError;
  unsupported: typeof unsupported;
  loadChunk: typeof loadChunk;
}

/** The announcement channel as a transport needs it (the server's `providerAnnouncements`, same name and access). */
const announcementRef = {
  name: 'switchboard-provider',
  params: {},
  definition: { template: 'switchboard-provider', access: 'public', events: {} } as unknown as AnyChannelDefinition,
} satisfies ChannelRef;

/** One channel the app attached: re-attached with the same sink on the next provider. */
export interface AttachedChannel {
  ref: ChannelRef;
  sink: ChannelSink;
}

/** What the move needs of the movable transport. */
export interface MoveHandle {
  readonly kit: SwitchKit;
  readonly options: AuthEndpointSubscriberOptions;
  readonly channels: ReadonlyMap<string, AttachedChannel>;
  readonly presenceData: ReadonlyMap<string, unknown>;
  current(): SubscriberTransport;
  /** Builds (does not connect) the next provider's transport, its credential requests tagged with its name. */
  build(discovery: ProviderDiscovery): Promise<SubscriberTransport>;
  /** The sink a channel gets on `inner`: delivers as `inner`'s provider. */
  sinkOn(inner: SubscriberTransport, sink: ChannelSink): ChannelSink;
  /** Makes `next` current; returns the transport it replaced, still open (it drains, then closes). */
  swap(next: SubscriberTransport, discovery: ProviderDiscovery): SubscriberTransport;
  isClosed(): boolean;
  report(change: ProviderChange): void;
  /** Stops delivery from a replaced transport (just before it is closed). */
  retire(inner: SubscriberTransport): void;
  /** Holds the announcement channel on `inner`. */
  attachControl(inner: SubscriberTransport): Promise<void>;
}

type Trigger = ProviderChange['trigger'];

/** Appends `provider=<name>` so a switching endpoint answers credential requests for that provider. */
function tagged(endpoint: string | URL, provider: string): string | URL {
  if (typeof endpoint !== 'string') {
    const url = new URL(endpoint);
    url.searchParams.set('provider', provider);
    return url;
  }
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}provider=${encodeURIComponent(provider)}`;
}

/** The subscriber transport that follows the endpoint's provider. */
export async function movableTransport(
  options: AuthEndpointSubscriberOptions,
  first: ProviderDiscovery,
  kit: SwitchKit,
): Promise<SubscriberTransport> {
  const { RealtimeError } = kit;
  const channels = new Map<string, AttachedChannel>();
  const presenceData = new Map<string, unknown>();
  const stateListeners = new Set<(change: StateChange) => void>();
  const retired = new WeakSet<SubscriberTransport>();
  let discovery = first;
  let delivering: SubscriberTransport | undefined;
  let closed = false;
  let checking: Promise<void> | undefined;
  let checkAgain: Trigger | undefined;
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  const report =
    options.onProviderChange ??
    ((change: ProviderChange) => {
      if (change.error) console.warn(`[switchboard] staying on ${change.from}: ${change.error.message}`);
    });

  const sinkOn = (inner: SubscriberTransport, sink: ChannelSink): ChannelSink => ({
    message(message) {
      if (retired.has(inner)) return;
      delivering = inner;
      try {
        sink.message(message);
      } finally {
        delivering = undefined;
      }
    },
    gap: (gap) => retired.has(inner) || sink.gap(gap),
    presence: (event) => retired.has(inner) || sink.presence(event),
    error: (error) => retired.has(inner) || sink.error(error),
  });

  const controlSink = (inner: SubscriberTransport): ChannelSink => ({
    message(message) {
      try {
        if (kit.parseEnvelope(message.envelope, inner.provider).event === 'provider-changed') check('announcement');
      } catch {
        // Not an announcement: nothing on this channel is for the app.
      }
    },
    gap: () => {},
    presence: () => {},
    error: () => {},
  });

  const build = (next: ProviderDiscovery): Promise<SubscriberTransport> => {
    // A credential request is also the moment to ask again which provider to use.
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(init?.method).toUpperCase() === 'POST') queueMicrotask(() => check('credential'));
      return baseFetch(input, init);
    }) as typeof globalThis.fetch;
    return kit.build({ ...options, fetch }, next, tagged(options.authEndpoint, next.provider));
  };

  const adopt = (inner: SubscriberTransport): SubscriberTransport => {
    inner.onStateChange((change) => {
      if (inner !== current) return;
      for (const listener of stateListeners) listener(change);
      if (change.current === 'connected' && change.previous !== 'connecting') check('reconnect');
    });
    return inner;
  };

  let current = adopt(await build(first));

  function check(trigger: Trigger): void {
    if (closed) return;
    if (checking) {
      checkAgain = trigger;
      return;
    }
    checking = (async () => {
      const from = current.provider;
      try {
        const next = await kit.discover(options);
        if (next.provider === discovery.provider || closed) return;
        const { moveSubscriber } = await kit.loadChunk(() => import('./subscriber-move.js'), 'subscriber-move.js');
        await moveSubscriber(handle, next, trigger);
      } catch (error) {
        const failure = RealtimeError.isInstance(error)
          ? error
          : new RealtimeError('PROVIDER_UNAVAILABLE', String(error), { cause: error });
        report({ from, to: from, trigger, durationMs: 0, error: failure });
      }
    })().finally(() => {
      checking = undefined;
      const again = checkAgain;
      checkAgain = undefined;
      if (again) check(again);
    });
  }

  const attachControl = (inner: SubscriberTransport) =>
    inner
      .attach(announcementRef, controlSink(inner), {})
      .catch((error) => report({ from: inner.provider, to: inner.provider, trigger: 'announcement', durationMs: 0, error }));

  const handle: MoveHandle = {
    kit,
    options,
    channels,
    presenceData,
    current: () => current,
    build,
    sinkOn,
    swap(next, nextDiscovery) {
      const previous = current;
      const before = previous.state();
      current = adopt(next);
      discovery = nextDiscovery;
      transport.swapped?.(next);
      const now = next.state();
      if (before !== now) for (const listener of stateListeners) listener({ previous: before, current: now });
      return previous;
    },
    isClosed: () => closed,
    report,
    retire: (inner) => retired.add(inner),
    attachControl,
  };

  const transport: SwitchableTransport = {
    specificationVersion: current.specificationVersion,
    get provider() {
      return (delivering ?? current).provider;
    },
    get capabilities() {
      return current.capabilities;
    },
    get limits() {
      return current.limits;
    },
    state: () => current.state(),
    connectionId: () => (delivering ?? current).connectionId(),
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    connect() {
      current.connect();
      attachControl(current);
    },
    attach(ref, sink, attachOptions) {
      channels.set(ref.name, { ref, sink });
      return current.attach(ref, sinkOn(current, sink), attachOptions);
    },
    detach(ref) {
      channels.delete(ref.name);
      presenceData.delete(ref.name);
      return current.detach(ref);
    },
    get presence() {
      const inner = current.presence;
      if (!inner) return undefined;
      return {
        async enter(ref: ChannelRef, data: unknown) {
          await inner.enter(ref, data);
          presenceData.set(ref.name, data);
        },
        async update(ref: ChannelRef, data: unknown) {
          await inner.update(ref, data);
          presenceData.set(ref.name, data);
        },
        async leave(ref: ChannelRef) {
          presenceData.delete(ref.name);
          await inner.leave(ref);
        },
        members: (ref: ChannelRef) => inner.members(ref),
      };
    },
    // For optional parts of the current provider's transport (client events): what it is; `swapped` hears of a move.
    current: () => current,
    async close() {
      closed = true;
      await current.close();
    },
  };
  return transport;
}
