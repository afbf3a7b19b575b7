/**
 * The live provider switch in one process: two memory hubs stand for two providers (the pairs of
 * real providers run in reliability/test/provider-switch.test.ts). Covers the announcement, one
 * continuous session, presence carried over, migration-mode publishing, and the bad inputs: a
 * provider the page cannot load and a move that fails half-way both leave the subscriber where it was.
 */
import {
  createPublisherFromTransport,
  createSubscriber,
  defineChannel,
  listenForWhisper,
  type ProviderChange,
  type ProviderName,
  RealtimeError,
  type SubscriberAdapterLoaders,
  whisper,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { createPublisherTransport, createSubscriberTransport, MemoryHub } from '@switchboard/core/memory';
import type { PublisherOutbox } from '@switchboard/core/outbox';
import { createProviderSwitch, providerAnnouncements } from '@switchboard/core/server';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { anything, recordingAuthorizer } from './support/auth-fixtures.js';

const feed = defineChannel('switch:feed:{room}', { access: 'public', events: { said: anything<{ n: number }>() } });
const lobby = defineChannel('switch:lobby', {
  access: 'presence',
  events: { said: anything() },
  presence: anything<{ name: string }>(),
  clientEvents: { typing: anything<{ typing: boolean }>() },
  authorize: () => true,
});

/** Two providers: memory on hub A, and "ably" played by a second memory hub (B). */
function world(options: { migrationWindowMs?: number; forbidOnB?: string; current?: () => ProviderName } = {}) {
  const hubs = { memory: new MemoryHub(), ably: new MemoryHub() };
  const providerSwitch = createProviderSwitch({
    providers: {
      memory: { authorizer: recordingAuthorizer('memory').authorizer, publisher: createPublisherTransport({ hub: hubs.memory }) },
      ably: { authorizer: recordingAuthorizer('ably').authorizer, publisher: createPublisherTransport({ hub: hubs.ably }) },
    },
    current: options.current ?? 'memory',
    migrationWindowMs: options.migrationWindowMs ?? 60_000,
  });
  const handler = createAuthHandler({
    authenticate: () => ({ id: 'ada' }),
    channels: [feed, lobby, providerAnnouncements],
    rules: [],
    authorizer: providerSwitch.authorizer,
  });
  const requests: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), 'http://app.test'), init);
    requests.push(`${request.method} ${new URL(request.url).search}`);
    return handler(request);
  }) as typeof globalThis.fetch;
  const user = { id: 'ada' };
  const adapterFor = (hub: MemoryHub, forbid?: string) => async () => ({
    createSubscriberTransport() {
      const transport = createSubscriberTransport({ hub, user });
      if (!forbid) return transport;
      return {
        ...transport,
        attach: async (channel: Parameters<typeof transport.attach>[0], ...rest: [never, never]) => {
          if (channel.name === forbid) throw new RealtimeError('FORBIDDEN', `no ${forbid} here`);
          return transport.attach(channel, ...rest);
        },
        state: () => transport.state(),
      };
    },
  });
  const adapters: SubscriberAdapterLoaders = { memory: adapterFor(hubs.memory), ably: adapterFor(hubs.ably, options.forbidOnB) };
  const publisher = createPublisherFromTransport(providerSwitch.transport);
  const changes = new Collector<ProviderChange>();
  const subscriber = (loaders = adapters) =>
    createSubscriber({ authEndpoint: '/api/realtime', fetch, adapters: loaders, onProviderChange: changes.push });
  return { hubs, providerSwitch, publisher, subscriber, changes, requests, adapters };
}

describe('live provider switch', () => {
  it('moves on the announcement: no message lost or repeated, meta names the provider, one continuous session', async () => {
    const app = world();
    const subscriber = app.subscriber();
    const got = new Collector<{ n: number; provider: string | undefined }>();
    await subscriber.subscribe(feed({ room: 'a' }), 'said', ({ n }, meta) => got.push({ n, provider: meta.provider })).ready;
    const states = new Collector<string>();
    subscriber.onStateChange((change) => states.push(`${change.previous}→${change.current}`));
    for (let n = 0; n < 5; n += 1) await app.publisher.publish(feed({ room: 'a' }), 'said', { n });
    await got.toHave(5);

    await app.providerSwitch.switchTo('ably');
    await app.changes.toHave(1);
    expect(app.changes.items[0]).toMatchObject({ from: 'memory', to: 'ably', trigger: 'announcement' });
    expect(app.changes.items[0]?.error).toBeUndefined();
    for (let n = 5; n < 10; n += 1) await app.publisher.publish(feed({ room: 'a' }), 'said', { n });
    await got.toHave(10);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(got.items.map((item) => item.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(got.items.slice(0, 5).every((item) => item.provider === 'memory')).toBe(true);
    expect((await subscriber.describe()).provider).toBe('memory'); // the memory transport names itself 'memory' on hub B too
    expect(states.items).toEqual([]);
    // Credential requests name the provider of their connection, so a switching endpoint answers for it.
    await subscriber.close();
    await app.publisher.close();
  });

  it('client events follow the move: whispers and their listeners go with the subscriber to the new provider', async () => {
    const app = world();
    const subscriber = app.subscriber();
    const heard = new Collector<[boolean, string | undefined]>();
    await listenForWhisper(subscriber, lobby({}), 'typing', (data, meta) => heard.push([data.typing, meta.userId])).ready;
    const onA = createSubscriber({ provider: 'memory', hub: app.hubs.memory, user: { id: 'bob' } });
    const onB = createSubscriber({ provider: 'memory', hub: app.hubs.ably, user: { id: 'carol' } });
    const atCarol = new Collector<string | undefined>();
    await listenForWhisper(onB, lobby({}), 'typing', (_data, meta) => atCarol.push(meta.userId)).ready;
    await whisper(onA, lobby({}), 'typing', { typing: true });
    await heard.toHave(1);
    await app.providerSwitch.switchTo('ably');
    await app.changes.toHave(1);
    await whisper(onB, lobby({}), 'typing', { typing: false });
    await whisper(subscriber, lobby({}), 'typing', { typing: true });
    expect(await heard.toHave(2)).toEqual([
      [true, 'bob'],
      [false, 'carol'],
    ]);
    expect(await atCarol.toHave(1)).toEqual(['ada']);
    await Promise.all([subscriber.close(), onA.close(), onB.close(), app.publisher.close()]);
  });

  it('re-enters presence on the new provider before leaving the old one', async () => {
    const app = world();
    const subscriber = app.subscriber();
    await subscriber.presence(lobby({})).enter({ name: 'Ada' });
    await app.providerSwitch.switchTo('ably');
    await app.changes.toHave(1);
    const members = await subscriber.presence(lobby({})).members();
    expect(members.map((member) => member.userId)).toEqual(['ada']);
    await subscriber.close();
  });

  it('an announcement for a provider the page cannot load is reported and the subscriber stays', async () => {
    const app = world();
    // The page ships no working module for "ably".
    const subscriber = app.subscriber({ ...app.adapters, ably: async () => ({}) });
    const got = new Collector<number>();
    await subscriber.subscribe(feed({ room: 'b' }), 'said', ({ n }) => got.push(n)).ready;
    await app.providerSwitch.switchTo('ably');
    await app.changes.toHave(1);
    expect(app.changes.items[0]?.error?.code).toBe('CONFIG');
    await app.publisher.publish(feed({ room: 'b' }), 'said', { n: 1 });
    await got.toHave(1);
    expect(subscriber.state).toBe('connected');
    await subscriber.close();
  });

  it('a move that fails half-way (a channel refused there) rolls back: still on the old provider, still receiving', async () => {
    const app = world({ forbidOnB: 'switch:feed:c' });
    const subscriber = app.subscriber();
    const got = new Collector<string | undefined>();
    await subscriber.subscribe(feed({ room: 'c' }), 'said', (_data, meta) => got.push(meta.provider)).ready;
    await subscriber.subscribe(feed({ room: 'd' }), 'said', () => {}).ready;
    await app.providerSwitch.switchTo('ably');
    await app.changes.toHave(1);
    expect(app.changes.items[0]?.error?.code).toBe('FORBIDDEN');
    // Only the old hub still has this subscriber's connection.
    await app.publisher.publish(feed({ room: 'c' }), 'said', { n: 1 });
    await got.toHave(1);
    expect(app.hubs.ably.connectionCountNow()).toBe(0);
    await subscriber.close();
  });

  it('publishes to both providers during the migration window, then only to the new one', async () => {
    const app = world({ migrationWindowMs: 300 });
    const seen = { memory: new Collector<string>(), ably: new Collector<string>() };
    for (const name of ['memory', 'ably'] as const) {
      const direct = createSubscriberTransport({ hub: app.hubs[name] });
      direct.connect();
      await direct.attach(
        feed({ room: 'm' }),
        {
          message: (message) => seen[name].push((message.envelope as { id: string }).id),
          gap: () => {},
          presence: () => {},
          error: () => {},
        },
        {},
      );
    }
    const before = await app.publisher.publish(feed({ room: 'm' }), 'said', { n: 0 });
    await app.providerSwitch.switchTo('ably');
    const during = await app.publisher.publish(feed({ room: 'm' }), 'said', { n: 1 });
    await seen.ably.toHave(1);
    expect(seen.ably.items).toEqual([during.id]);
    await waitFor(() => seen.memory.items.includes(during.id), 5000, 'old provider got the same id');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await app.publisher.publish(feed({ room: 'm' }), 'said', { n: 2 });
    await seen.ably.toHave(2);
    expect(seen.memory.items).toEqual([before.id, during.id]);
    expect(app.providerSwitch.migration()).toBeUndefined();
    expect(seen.ably.items[1]).toBe(after.id);
  });

  it('re-asks the endpoint after a reconnect: a changed config moves the subscriber with no announcement heard', async () => {
    let chosen: ProviderName = 'memory';
    const app = world({ current: () => chosen });
    const subscriber = app.subscriber();
    const got = new Collector<number>();
    await subscriber.subscribe(feed({ room: 'r' }), 'said', ({ n }) => got.push(n)).ready;
    // The config changes; nobody asks the endpoint, so nothing is noticed or announced yet.
    chosen = 'ably';
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.changes.items).toEqual([]);
    expect(app.providerSwitch.provider()).toBe('memory');
    await app.hubs.memory.dropConnections();
    await app.changes.toHave(1);
    expect(app.changes.items[0]).toMatchObject({ from: 'memory', to: 'ably', trigger: 'reconnect' });
    await app.publisher.publish(feed({ room: 'r' }), 'said', { n: 1 });
    await got.toHave(1);
    await subscriber.close();
  });

  it('relays outbox entries to both providers during the window, with the id they were recorded with', async () => {
    const app = world();
    const ids = { memory: new Collector<string>(), ably: new Collector<string>() };
    for (const name of ['memory', 'ably'] as const) {
      const direct = createSubscriberTransport({ hub: app.hubs[name] });
      direct.connect();
      const sink = {
        message: (m: { envelope: unknown }) => ids[name].push((m.envelope as { id: string }).id),
        gap() {},
        presence() {},
        error() {},
      };
      await direct.attach(feed({ room: 'o' }), sink, {});
    }
    await app.providerSwitch.switchTo('ably');
    // Left behind by a publisher that crashed after recording it, before the switch.
    const leftover = { id: 'left-behind-1', event: 'said', data: { n: 1 }, ts: Date.now() };
    let claimed = false;
    const outbox: PublisherOutbox = {
      recoverIntervalMs: 20,
      record: async (messages) => messages.map((message) => message.envelope.id),
      remove: async () => {},
      claimAbandoned: async () => {
        if (claimed) return [];
        claimed = true;
        return [{ key: 'k1', message: { channel: feed({ room: 'o' }), envelope: leftover } }];
      },
      close: async () => {},
    };
    const relay = createPublisherFromTransport(app.providerSwitch.transport, { outbox });
    await relay.publish(feed({ room: 'o' }), 'said', { n: 2 }); // starts the relay; recovery runs beside it
    await waitFor(() => ids.memory.items.includes('left-behind-1') && ids.ably.items.includes('left-behind-1'), 5000, 'both got it');
    expect(ids.memory.items.filter((id) => id === 'left-behind-1')).toHaveLength(1);
    expect(ids.ably.items.filter((id) => id === 'left-behind-1')).toHaveLength(1);
    await relay.close();
  });

  it('re-asks the endpoint after a credential request, and tags credential requests with the provider', async () => {
    let chosen: ProviderName = 'memory';
    const app = world({ current: () => chosen });
    // Like the Socket.IO and Ably adapters: a credential POST through the `fetch` option, to `authEndpoint`.
    const posting = (hub: MemoryHub) => async () => ({
      createSubscriberTransport(options: { fetch: typeof fetch; authEndpoint: string }) {
        const transport = createSubscriberTransport({ hub, user: { id: 'ada' } });
        return {
          ...transport,
          state: () => transport.state(),
          async attach(...args: Parameters<typeof transport.attach>) {
            await options.fetch(options.authEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
            return transport.attach(...args);
          },
        };
      },
    });
    const subscriber = app.subscriber({ memory: posting(app.hubs.memory), ably: posting(app.hubs.ably) });
    await subscriber.subscribe(feed({ room: 'p' }), 'said', () => {}).ready;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.changes.items).toEqual([]);
    chosen = 'ably';
    await subscriber.subscribe(feed({ room: 'q' }), 'said', () => {}).ready;
    await app.changes.toHave(1);
    expect(app.changes.items[0]).toMatchObject({ from: 'memory', to: 'ably', trigger: 'credential' });
    expect(app.requests).toContain('POST ?provider=memory');
    expect(app.requests).toContain('POST ?provider=ably');
    await subscriber.close();
  });

  it('re-reads a provider function without restart and rejects names it does not know', async () => {
    let chosen: ProviderName = 'memory';
    const providerSwitch = createProviderSwitch({
      providers: {
        memory: { authorizer: recordingAuthorizer('memory').authorizer },
        ably: { authorizer: recordingAuthorizer('ably').authorizer },
      },
      current: () => chosen,
    });
    const handler = createAuthHandler({ authenticate: () => ({ id: 'ada' }), channels: [feed], authorizer: providerSwitch.authorizer });
    const ask = async () => (await (await handler(new Request('http://app.test/rt'))).json()) as { provider: string; switchable?: boolean };
    expect(await ask()).toMatchObject({ provider: 'memory', switchable: true });
    chosen = 'ably';
    expect(await ask()).toMatchObject({ provider: 'ably', switchable: true });
    expect(providerSwitch.migration()).toMatchObject({ from: 'memory', to: 'ably' });
    await expect(providerSwitch.switchTo('pusher')).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'CONFIG'));
    expect(() => createProviderSwitch({ providers: {}, current: 'memory' })).toThrow(/providers/);
  });
});
