/**
 * Features behind `import()` stay unloaded on a page that only subscribes: the bundle benchmark
 * (`FIRST_USE` in bench/bundle/build-bundles.mjs) leaves their chunks out of what subscribing to one
 * event downloads, and this proves the subscriber really does not import them until first use.
 */
import { createSubscriber, defineChannel } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { createSubscriberTransport, MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { createProviderSwitch, providerAnnouncements } from '@switchboard/core/server';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it, vi } from 'vitest';

const imported = vi.hoisted(() => ({ presence: 0, movable: 0, move: 0 }));

// Not a stand-in: the real module, counted when something imports it.
vi.mock('../src/subscriber/subscriber-presence.js', async (original) => {
  imported.presence += 1;
  return original();
});

vi.mock('../src/switch/movable-transport.js', async (original) => {
  imported.movable += 1;
  return original();
});
vi.mock('../src/switch/subscriber-move.js', async (original) => {
  imported.move += 1;
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

  it('a subscriber on an auth endpoint that cannot switch provider never loads the switch; one that can loads the move only on a change', async () => {
    const hub = new MemoryHub();
    const authorizer = { provider: 'memory' as const, publicConfig: () => ({}), authorize: async () => ({}) };
    const adapters = { memory: async () => ({ createSubscriberTransport: () => createSubscriberTransport({ hub, user: { id: 'ada' } }) }) };
    const fetchFor = (handler: (request: Request) => Promise<Response>) =>
      (async (input: RequestInfo | URL, init?: RequestInit) =>
        handler(new Request(new URL(String(input), 'http://app.test'), init))) as typeof fetch;
    const channel = room({ roomId: 'b' });
    const publisher = memoryPublisher({ hub });

    const plain = createAuthHandler({ authenticate: () => ({ id: 'ada' }), channels: [room], authorizer });
    const subscriber = createSubscriber({ authEndpoint: '/rt', fetch: fetchFor(plain), adapters });
    const said = new Collector<unknown>();
    await subscriber.subscribe(channel, 'said', said.push).ready;
    await publisher.publish(channel, 'said', { text: 'hello' });
    await said.toHave(1);
    await hub.dropConnections();
    await publisher.publish(channel, 'said', { text: 'again' });
    await said.toHave(2);
    expect(imported).toMatchObject({ movable: 0, move: 0 });
    await subscriber.close();

    const providerSwitch = createProviderSwitch({ providers: { memory: { authorizer } }, current: 'memory' });
    const switching = createAuthHandler({
      authenticate: () => ({ id: 'ada' }),
      channels: [room, providerAnnouncements],
      authorizer: providerSwitch.authorizer,
    });
    const follower = createSubscriber({ authEndpoint: '/rt', fetch: fetchFor(switching), adapters });
    await follower.subscribe(channel, 'said', () => {}).ready;
    expect(imported).toMatchObject({ movable: 1, move: 0 });
    await follower.close();
    await publisher.close();
  });
});
