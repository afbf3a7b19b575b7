import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSubscriber, RealtimeError } from '@switchboard/core';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';
import { Collector } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, inbox, unique } from './fixtures.js';

describe('ably through the shared auth endpoint', () => {
  let bed: AblyTestBed;
  let server: Server;
  let authEndpoint: string;
  const seen: unknown[] = [];

  beforeAll(async () => {
    bed = await startTestBed(definitions);
    const handler = createAuthHandler({
      channels: definitions,
      authorizer: bed.authorizer,
      authenticate: (request) => {
        const id = request.headers.get('x-user');
        return id ? { id } : null;
      },
    });
    const node = toNodeHandler(async (request) => {
      if (request.method === 'POST') seen.push(await request.clone().json());
      return handler(request);
    });
    server = createServer((request, response) => void node(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    authEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realtime/auth`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await bed.emulator.close();
  });

  const subscriberFor = (userId: string) =>
    createSubscriber({ authEndpoint, authHeaders: { 'x-user': userId }, adapters: { ably: () => import('../src/subscriber/index.js') } });

  it('discovers Ably, fetches a token for the channel and receives on it', async () => {
    const userId = unique('ann');
    const subscriber = subscriberFor(userId);
    const publisher = bed.publisher();
    const received = new Collector<unknown>();
    await subscriber.subscribe(inbox({ userId }), 'note', received.push).ready;
    await publisher.publish(inbox({ userId }), 'note', { hello: userId });
    expect(await received.toHave(1)).toEqual([{ hello: userId }]);
    expect(seen).toContainEqual({ channels: [inbox({ userId }).name] });
    expect((await subscriber.describe()).provider).toBe('ably');
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('refuses another user’s channel with FORBIDDEN from the endpoint, leaving the connection and other channels alone', async () => {
    const userId = unique('ann');
    const subscriber = subscriberFor(userId);
    const publisher = bed.publisher();
    const received = new Collector<unknown>();
    await subscriber.subscribe(inbox({ userId }), 'note', received.push).ready;
    const refused = await subscriber.subscribe(inbox({ userId: 'someone-else' }), 'note', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect((refused as RealtimeError).message).toContain('only user someone-else may subscribe');
    expect(subscriber.state).toBe('connected');
    await publisher.publish(inbox({ userId }), 'note', { still: 'here' });
    expect(await received.toHave(1)).toEqual([{ still: 'here' }]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('fails with UNAUTHORIZED when the endpoint has no signed-in user', async () => {
    const subscriber = createSubscriber({ authEndpoint, adapters: { ably: () => import('../src/subscriber/index.js') } });
    const refused = await subscriber.subscribe(inbox({ userId: 'x' }), 'note', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'UNAUTHORIZED')).toBe(true);
    await subscriber.close();
  });
});
