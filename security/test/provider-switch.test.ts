/**
 * The browser-side flow on real providers: createSubscriber({ authEndpoint }) asks the endpoint
 * which provider to use, loads only that adapter, and gets every credential from the same endpoint.
 * Switching the server's authorizer between two subscriber creations moves the next subscriber to
 * the new provider, while earlier ones keep working where they are.
 */
import { createSubscriber, type ProviderName, RealtimeError, type RealtimeSubscriber } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { type Backend, startAbly, startPusher, startSocketIo } from './support/providers.js';
import { bearer } from './support/users.js';

const order = ['socket-io', 'pusher', 'ably'] as const;
const alice = unique('alice');
const bob = unique('bob');

let backends: Record<(typeof order)[number], Backend>;
let server: AuthServer;
const loaded: ProviderName[] = [];
const subscribers = new Map<ProviderName, RealtimeSubscriber>();
const inboxes = new Map<ProviderName, Collector<{ n: number }>>();

/** Literal imports, as a browser app writes them so its bundler makes one lazy chunk per provider. */
const adapters = {
  'socket-io': () => {
    loaded.push('socket-io');
    return import('@switchboard/socket-io/subscriber');
  },
  pusher: () => {
    loaded.push('pusher');
    return import('@switchboard/pusher/subscriber');
  },
  ably: () => {
    loaded.push('ably');
    return import('@switchboard/ably/subscriber');
  },
};

beforeAll(async () => {
  const [socketIo, pusher, ably] = await Promise.all([startSocketIo(), startPusher(), startAbly()]);
  backends = { 'socket-io': socketIo, pusher, ably };
  server = await startAuthServer(socketIo.authorizer);
});

afterAll(async () => {
  await Promise.all([...subscribers.values()].map((subscriber) => subscriber.close()));
  await server?.close();
  await Promise.all(Object.values(backends ?? {}).map((backend) => backend.close()));
  expect(server?.failures ?? []).toEqual([]);
});

describe('createSubscriber({ authEndpoint }) follows the server’s provider', () => {
  it.each(order)('after the server switches to %s, a new subscriber uses it end to end', async (provider) => {
    server.use(backends[provider].authorizer);
    const subscriber = createSubscriber({ authEndpoint: server.url, authHeaders: bearer(alice), adapters, presenceGraceMs: 100 });
    subscribers.set(provider, subscriber);
    const received = new Collector<{ n: number }>();
    inboxes.set(provider, received);
    await subscriber.subscribe(inbox({ userId: alice }), 'note', received.push).ready;
    expect((await subscriber.describe()).provider).toBe(provider);
    expect(loaded.at(-1)).toBe(provider);
    await backends[provider].publisher.publish(inbox({ userId: alice }), 'note', { text: provider, n: 1 });
    expect(await received.toHave(1)).toEqual([{ text: provider, n: 1 }]);

    const refused = await subscriber.subscribe(inbox({ userId: bob }), 'note', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);

    const lobby = room({ room: unique(`lobby-${provider}`) });
    await subscriber.presence(lobby).enter({ name: 'Alice' });
    await waitFor(() => backends[provider].publisher.presence(lobby).isPresent(alice), 10_000, `alice present on ${provider}`);
  });

  it('loaded each adapter once, only when its provider was chosen', () => {
    expect(loaded).toEqual([...order]);
  });

  it('earlier subscribers keep receiving on their own provider after the switch', async () => {
    for (const provider of order) {
      await backends[provider].publisher.publish(inbox({ userId: alice }), 'note', { text: `${provider} again`, n: 2 });
    }
    for (const provider of order) {
      const received = inboxes.get(provider) as Collector<{ n: number }>;
      expect((await received.toHave(2, 10_000)).map((item) => item.n)).toEqual([1, 2]);
    }
  });
});
