import {
  type AuthUser,
  createSubscriberFromTransport,
  defineChannel,
  type RealtimeSubscriber,
  type StandardSchemaV1,
  type SubscriberCoreOptions,
} from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { cleanup, type RenderResult, render } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { afterEach } from 'vitest';
import { RealtimeProvider } from '../src/index.js';

afterEach(cleanup);

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

export const lessonSchema = schema<{ lessonId: number; done: boolean }>(
  'a lesson',
  (value) => isRecord(value) && typeof value.lessonId === 'number' && typeof value.done === 'boolean',
);
export const deletedSchema = schema<{ id: string }>('a deletion', (value) => isRecord(value) && typeof value.id === 'string');
export const memberSchema = schema<{ name: string }>('a member', (value) => isRecord(value) && typeof value.name === 'string');

export const progress = defineChannel('progress:user:{userId}', {
  access: 'public',
  events: { 'lesson:updated': lessonSchema, deleted: deletedSchema },
});

export const secrets = defineChannel('secrets:{id}', { access: 'private', events: { deleted: deletedSchema } });

export const room = defineChannel('room:{roomId}', {
  access: 'presence',
  events: { deleted: deletedSchema },
  presence: memberSchema,
  authorize: () => true,
});

export interface Setup {
  hub: MemoryHub;
  subscriber: RealtimeSubscriber;
  publisher: ReturnType<typeof memoryPublisher>;
  /** Every attach and detach the provider saw, in order: `attach progress:user:1`. */
  calls: string[];
}

/** A memory hub, a publisher and a subscriber whose transport records what reached the provider. */
export function setup(user: AuthUser = { id: 'ada' }, options: SubscriberCoreOptions = {}, hub = new MemoryHub()): Setup {
  const transport = createSubscriberTransport({ hub, user });
  const calls: string[] = [];
  const subscriber = createSubscriberFromTransport(
    {
      ...transport,
      attach(channel, sink, options) {
        calls.push(`attach ${channel.name}`);
        return transport.attach(channel, sink, options);
      },
      detach(channel) {
        calls.push(`detach ${channel.name}`);
        return transport.detach(channel);
      },
    },
    options,
  );
  return { hub, subscriber, publisher: memoryPublisher({ hub }), calls };
}

export { memorySubscriber };

/** Renders `ui` under a provider for `subscriber`, in StrictMode when asked. */
export function renderWith(
  subscriber: RealtimeSubscriber,
  ui: ReactNode,
  options: { strict?: boolean } = {},
): RenderResult & { rerenderWith: (next: ReactNode) => void } {
  const tree = <RealtimeProvider subscriber={subscriber}>{ui}</RealtimeProvider>;
  const wrapped = (node: ReactNode) => (options.strict ? <StrictMode>{node}</StrictMode> : node);
  const result = render(wrapped(tree));
  return {
    ...result,
    rerenderWith: (next: ReactNode) => result.rerender(wrapped(<RealtimeProvider subscriber={subscriber}>{next}</RealtimeProvider>)),
  };
}
