import { createServer } from 'node:http';
import type { PublisherModule, SubscriberModule } from '@switchboard/core';
import { Collector } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { createHub, socketIoPublisher } from '../src/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, subscriberFor } from './helpers.js';

describe('the adapter contract', () => {
  it('exports what core’s lazy loader calls, and the factories connect nothing', async () => {
    const server: PublisherModule = await import('../src/index.js');
    const browser: SubscriberModule = await import('../src/subscriber/index.js');
    const publisher = server.createPublisherTransport({ url: 'http://127.0.0.1:9', secret: SECRET });
    expect(publisher).toMatchObject({ provider: 'socket-io', specificationVersion: 'switchboard.v1' });
    expect(publisher.capabilities).toMatchObject({ presence: true, serverPresence: true, recovery: true, exclusion: true });
    expect(publisher.providerChannelName(room({ roomId: 'a.b' }))).toBe('tests:room:a.b');
    const subscriber = browser.createSubscriberTransport({ url: 'http://127.0.0.1:9' });
    expect(subscriber.state()).toBe('idle');
    expect(subscriber.connectionId()).toBeUndefined();
    await subscriber.close();
    expect(subscriber.state()).toBe('closed');
  });

  it('refuses incomplete options with CONFIG errors that say what is missing', () => {
    const server = (options: unknown) => () => socketIoPublisher(options as never);
    expect(server({})).toThrowError(expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('SOCKET_IO_URL') }));
    expect(server({ url: 'http://x.test', secret: 'short' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(server({ url: 'ftp://x.test', secret: SECRET })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(server({ redisUrl: 'http://x.test' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => subscriberFor('localhost:3001', undefined)).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    const hub = (options: object) => () => createHub({ channels: testChannels, secret: SECRET, ...options });
    expect(hub({ secret: 'short' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(hub({ channels: ['nope'] })).toThrowError(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('defineChannel') }),
    );
    expect(hub({ redis: { url: 'localhost' } })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(hub({ endpointPath: 'no-slash' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(hub({ presenceGraceMs: -1 })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('creates a hub that does nothing until listen(), and refuses use after close()', async () => {
    const hub = createHub({ channels: testChannels, secret: SECRET, host: '127.0.0.1', port: 0 });
    expect(hub.io).toBeUndefined();
    expect(() => hub.url).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(await hub.health()).toMatchObject({ status: 'unhealthy' });
    await expect(hub.publish([])).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await hub.listen();
    expect(await hub.health()).toMatchObject({ status: 'healthy', details: { connections: 0 } });
    await hub.close();
    await hub.close();
    await expect(hub.listen()).rejects.toMatchObject({ code: 'CLOSED' });
    expect(await hub.health()).toMatchObject({ status: 'unhealthy' });
  });

  it('fails listen() with PROVIDER_UNAVAILABLE when Redis is unreachable, leaving nothing running', async () => {
    const hub = createHub({ channels: testChannels, secret: SECRET, host: '127.0.0.1', port: 0, redis: { url: 'redis://127.0.0.1:9' } });
    await expect(hub.listen()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(hub.io).toBeUndefined();
    await hub.close();
  });

  it('reports an unreachable Redis from the worker publisher as retriable PROVIDER_UNAVAILABLE', async () => {
    const worker = socketIoPublisher({ redisUrl: 'redis://127.0.0.1:9', retry: false });
    await expect(worker.publish(room({ roomId: 'x' }), 'tick', { n: 1 })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retriable: true,
    });
    expect(await worker.health()).toMatchObject({ status: 'unhealthy' });
    expect(await worker.describe()).toMatchObject({ capabilities: { serverPresence: false } });
    await worker.close();
  });
});

describe('a hub attached to the app’s HTTP server', () => {
  it('leaves the app’s routes alone, serves its endpoints and keeps the server open after close()', async () => {
    const server = createServer((_request, response) => response.end('from the app'));
    const hub = createHub({ channels: testChannels, secret: SECRET, server, allowAnonymous: true });
    await hub.listen();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = hub.url;
    expect(await (await fetch(`${url}/hello`)).text()).toBe('from the app');

    const channel = room({ roomId: uniqueId('attached') });
    const subscriber = subscriberFor(url, undefined);
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n)).ready;
    const publisher = socketIoPublisher({ url, secret: SECRET });
    await publisher.publish(channel, 'tick', { n: 1 });
    expect(await received.toHave(1)).toEqual([1]);

    await subscriber.close();
    await hub.close();
    expect(await (await fetch(`${url}/hello`)).text()).toBe('from the app');
    await publisher.close();
    await new Promise((resolve) => server.close(resolve));
  });
});
