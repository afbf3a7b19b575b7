/**
 * A lazily loaded chunk that cannot be fetched (the network dropped, a deploy replaced it) fails
 * with a RealtimeError naming it, on every public surface that loads one: the helper itself,
 * presence calls, and the provider switch of an auth-endpoint subscriber.
 */
import { createSubscriber, defineChannel, RealtimeError } from '@switchboard/core';
import { loadChunk } from '@switchboard/core/adapter';
import { createAuthHandler } from '@switchboard/core/auth';
import { createSubscriberTransport, MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { createProviderSwitch, providerAnnouncements } from '@switchboard/core/server';
import { describe, expect, it, vi } from 'vitest';

const failing = vi.hoisted(() => new Set<string>());
const networkError = (module: string) => new TypeError(`Failed to fetch dynamically imported module: ${module}`);

// The real modules, unless a test makes their import fail as a lost chunk would.
vi.mock('../src/subscriber/subscriber-presence.js', async (original) => {
  if (failing.has('presence')) throw networkError('subscriber-presence.js');
  return original();
});
vi.mock('../src/switch/movable-transport.js', async (original) => {
  if (failing.has('movable')) throw networkError('movable-transport.js');
  return original();
});

const anything = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
const room = defineChannel('chunk:{roomId}', { access: 'presence', events: { said: anything }, authorize: () => true });

describe('a lazy chunk that fails to load', () => {
  it('loadChunk turns the import failure into a retriable PROVIDER_UNAVAILABLE naming the module, keeping the cause', async () => {
    const cause = networkError('extra.js');
    const error = await loadChunk(() => Promise.reject(cause), 'extra.js', 'pusher').catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retriable: true, provider: 'pusher', cause });
    expect((error as Error).message).toBe('Could not load extra.js');
    await expect(loadChunk(async () => ({ ok: 1 }), 'extra.js')).resolves.toEqual({ ok: 1 });
  });

  it('a presence call rejects with PROVIDER_UNAVAILABLE naming the presence module, and the next call loads it again', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const channel = room({ roomId: 'a' });
    failing.add('presence');
    const error = await subscriber
      .presence(channel)
      .enter({ name: 'Ada' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('subscriber-presence.js') });
    expect(RealtimeError.isInstance(error)).toBe(true);
    failing.delete('presence');
    await subscriber.presence(channel).enter({ name: 'Ada' });
    expect((await subscriber.presence(channel).members()).map((member) => member.userId)).toEqual(['ada']);
    await subscriber.close();
  });

  it('an auth-endpoint subscriber that can switch provider fails its subscription with PROVIDER_UNAVAILABLE naming the switch module', async () => {
    const hub = new MemoryHub();
    const authorizer = { provider: 'memory' as const, publicConfig: () => ({}), authorize: async () => ({}) };
    const adapters = { memory: async () => ({ createSubscriberTransport: () => createSubscriberTransport({ hub, user: { id: 'ada' } }) }) };
    const providerSwitch = createProviderSwitch({ providers: { memory: { authorizer } }, current: 'memory' });
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'ada' }),
      channels: [room, providerAnnouncements],
      authorizer: providerSwitch.authorizer,
    });
    const fetchThroughHandler = (async (input: RequestInfo | URL, init?: RequestInit) =>
      handler(new Request(new URL(String(input), 'http://app.test'), init))) as typeof fetch;
    failing.add('movable');
    const subscriber = createSubscriber({ authEndpoint: '/rt', fetch: fetchThroughHandler, adapters });
    subscriber.onError(() => {});
    const error = await subscriber.subscribe(room({ roomId: 'b' }), 'said', () => {}).ready.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('movable-transport.js') });
    failing.delete('movable');
    await subscriber.close();
  });
});
