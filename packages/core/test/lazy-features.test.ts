/**
 * Features behind `import()` stay unloaded on a page that only subscribes: the bundle benchmark
 * (`FIRST_USE` in bench/bundle/build-bundles.mjs) leaves their chunks out of what subscribing to one
 * event downloads, and this proves the subscriber really does not import them until first use.
 */
import { defineChannel } from '@switchboard/core';
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it, vi } from 'vitest';

const imported = vi.hoisted(() => ({ presence: 0 }));

// Not a stand-in: the real module, counted when something imports it.
vi.mock('../src/subscriber/subscriber-presence.js', async (original) => {
  imported.presence += 1;
  return original();
});

const anything = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
const room = defineChannel('lazy:{roomId}', { access: 'presence', events: { said: anything }, authorize: () => true });

describe('lazily loaded subscriber features', () => {
  it('subscribing, receiving and reconnecting import no presence code; presence() does', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const publisher = memoryPublisher({ hub });
    const said = new Collector<unknown>();
    const channel = room({ roomId: 'a' });
    await subscriber.subscribe(channel, 'said', said.push).ready;
    await publisher.publish(channel, 'said', { text: 'hello' });
    await said.toHave(1);
    const states = new Collector<string>();
    subscriber.onStateChange((change) => states.push(change.current));
    await hub.dropConnections();
    await waitFor(() => states.items.includes('connected'), 10_000, 'reconnected');
    await publisher.publish(channel, 'said', { text: 'again' });
    await said.toHave(2);
    expect(imported.presence).toBe(0);

    await subscriber.presence(channel).enter({ name: 'Ada' });
    expect(imported.presence).toBe(1);
    await subscriber.close();
    await publisher.close();
  });
});
