import { type AuthUser, createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { cleanup, type RenderResult, render } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { afterEach } from 'vitest';
import { RealtimeProvider } from '../src/index.js';

afterEach(cleanup);

export { graceless, observer, progress, room, secrets } from '../../../fixtures/bindings/memory-setup.js';

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
