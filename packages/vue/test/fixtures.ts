/** Channels, a recording memory provider and a mount helper for the composable tests. */
import {
  type AuthUser,
  createSubscriberFromTransport,
  defineChannel,
  type RealtimeSubscriber,
  type StandardSchemaV1,
  type SubscriberCoreOptions,
} from '@switchboard/core/client';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { type App, type Component, createApp, h } from 'vue';
import { createSwitchboard, type SwitchboardSource } from '../src/index.js';

/** A Standard Schema validator from a type guard, so the tests need no validation library. */
function schema<T>(name: string, check: (value: unknown) => boolean): StandardSchemaV1<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => (check(value) ? { value: value as T } : { issues: [{ message: `expected ${name}` }] }),
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const lesson = schema<{ lessonId: number; done: boolean }>(
  'a lesson',
  (value) => isRecord(value) && typeof value.lessonId === 'number' && typeof value.done === 'boolean',
);
const deleted = schema<{ id: string }>('a deletion', (value) => isRecord(value) && typeof value.id === 'string');
const member = schema<{ name: string }>('a member', (value) => isRecord(value) && typeof value.name === 'string');

export const progress = defineChannel('progress:user:{userId}', { access: 'public', events: { 'lesson:updated': lesson, deleted } });
export const secrets = defineChannel('secrets:{id}', { access: 'private', events: { deleted } });
export const room = defineChannel('room:{roomId}', { access: 'presence', events: { deleted }, presence: member, authorize: () => true });

export interface Setup {
  hub: MemoryHub;
  subscriber: RealtimeSubscriber;
  publisher: ReturnType<typeof memoryPublisher>;
  /** Every attach and detach the provider saw, in order: `attach progress:user:1`. */
  calls: string[];
  /** State listeners registered on the subscriber and not yet removed. */
  stateListeners(): number;
  /** While set, each attach waits for `release(name)` (or `refuse(name)`) before reaching the hub. */
  gate: Gate | undefined;
}

export interface Gate {
  release(name: string): void;
  refuse(name: string, error: Error): void;
}

/** A memory hub, a publisher and a subscriber whose transport records what reached the provider. */
export function setup(user: AuthUser = { id: 'ada' }, options: SubscriberCoreOptions = {}, gated = false): Setup {
  const hub = new MemoryHub();
  const transport = createSubscriberTransport({ hub, user });
  const calls: string[] = [];
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const gate: Gate = {
    release: (name) => waiting.get(name)?.resolve(),
    refuse: (name, error) => waiting.get(name)?.reject(error),
  };
  const subscriber = createSubscriberFromTransport(
    {
      ...transport,
      async attach(channel, sink, attachOptions) {
        calls.push(`attach ${channel.name}`);
        if (gated) await new Promise<void>((resolve, reject) => waiting.set(channel.name, { resolve, reject }));
        return transport.attach(channel, sink, attachOptions);
      },
      detach(channel) {
        calls.push(`detach ${channel.name}`);
        return transport.detach(channel);
      },
    },
    options,
  );
  let listening = 0;
  const onStateChange = subscriber.onStateChange.bind(subscriber);
  subscriber.onStateChange = (listener) => {
    listening += 1;
    const stop = onStateChange(listener);
    let stopped = false;
    return () => {
      if (!stopped) listening -= 1;
      stopped = true;
      stop();
    };
  };
  return { hub, subscriber, publisher: memoryPublisher({ hub }), calls, stateListeners: () => listening, gate: gated ? gate : undefined };
}

export interface Mounted {
  app: App;
  root: HTMLElement;
  unmount(): void;
}

/** Mounts `component` in a fresh app with the Switchboard plugin. */
export function mountWith(source: SwitchboardSource, component: Component, props: Record<string, unknown> = {}): Mounted {
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(component, props) }).use(createSwitchboard(source));
  app.mount(root);
  return {
    app,
    root,
    unmount: () => {
      app.unmount();
      root.remove();
    },
  };
}
