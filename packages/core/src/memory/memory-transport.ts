import type { Capabilities, ProviderLimits } from '../capabilities.js';
import type { AuthUser } from '../channel.js';
import type { ClientEventTransport } from '../client-events/client-event-carrier.js';
import { RealtimeError } from '../errors.js';
import { type ConnectionState, type PublisherTransport, SPECIFICATION_VERSION, type StateChange } from '../transport.js';
import { defaultMemoryHub, type MemoryConnection, type MemoryHub } from './memory-hub.js';

const PROVIDER = 'memory';

/** What the memory adapter supports: everything but history. */
export const memoryCapabilities: Capabilities = {
  presence: true,
  serverPresence: true,
  recovery: true,
  history: false,
  clientEvents: true,
  exclusion: true,
};

function limitsOf(hub: MemoryHub): ProviderLimits {
  return { maxPayloadBytes: hub.maxPayloadBytes, maxBatchSize: 100, maxEventNameLength: 128 };
}

/** Options of the memory publisher. */
export interface MemoryPublisherOptions {
  /**
   * The hub to publish to.
   * @default the process-wide default hub
   */
  hub?: MemoryHub;
}

/** Options of the memory subscriber. */
export interface MemorySubscriberOptions {
  /**
   * The hub to connect to.
   * @default the process-wide default hub
   */
  hub?: MemoryHub;
  /** The signed-in user; private and presence channels need one. */
  user?: AuthUser;
}

/** The memory provider reads no variables: `REALTIME_PROVIDER=memory` publishes on the default hub. */
export function publisherOptionsFromEnv(): MemoryPublisherOptions {
  return {};
}

/** The memory publisher transport; core wraps it (see {@link memoryPublisher}). */
export function createPublisherTransport(options: MemoryPublisherOptions = {}): PublisherTransport {
  const hub = options.hub ?? defaultMemoryHub();
  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: memoryCapabilities,
    limits: limitsOf(hub),
    providerChannelName: (channel) => channel.name,
    async send(messages) {
      hub.publish(messages);
    },
    async presenceMembers(channel) {
      return hub.presenceMembers(channel.name);
    },
    async health() {
      return { status: 'healthy', provider: PROVIDER, reasons: [], details: { connections: hub.connectionCountNow() } };
    },
    async stats() {
      return hub.stats();
    },
    async close() {},
  };
}

/** The memory subscriber transport; core wraps it (see {@link memorySubscriber}). */
export function createSubscriberTransport(options: MemorySubscriberOptions = {}): ClientEventTransport {
  const hub = options.hub ?? defaultMemoryHub();
  const listeners = new Set<(change: StateChange) => void>();
  let state: ConnectionState = 'idle';
  let connection: MemoryConnection | undefined;
  let opened: Promise<MemoryConnection> | undefined;

  const setState = (current: ConnectionState) => {
    const previous = state;
    if (previous === current) return;
    state = current;
    for (const listener of listeners) listener({ current, previous });
  };
  const open = (): Promise<MemoryConnection> => {
    if (state === 'closed') return Promise.reject(new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PROVIDER }));
    opened ??= new Promise((resolve) => {
      setState('connecting');
      queueMicrotask(() => {
        connection = hub.connect(options.user, (next) => setState(next));
        setState('connected');
        resolve(connection);
      });
    });
    return opened;
  };

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: memoryCapabilities,
    limits: limitsOf(hub),
    state: () => state,
    connectionId: () => (state === 'connected' ? connection?.id : undefined),
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect() {
      void open();
    },
    async attach(channel, sink) {
      await hub.attach(await open(), channel, sink);
    },
    async detach(channel) {
      if (connection) hub.detach(connection, channel);
    },
    presence: {
      enter: async (channel, data) => hub.enterPresence(await open(), channel, data, 'enter'),
      update: async (channel, data) => hub.enterPresence(await open(), channel, data, 'update'),
      leave: async (channel) => hub.leavePresence(await open(), channel),
      members: async (channel) => hub.presenceMembers(channel.name),
    },
    clientEvents: {
      send: async (channel, event, data) => hub.clientEvent(await open(), channel, event, data),
      listen: async (channel, listener) => hub.listenForClientEvents(await open(), channel.name, listener),
    },
    async close() {
      if (connection) hub.disconnect(connection);
      connection = undefined;
      setState('closed');
    },
  };
}
