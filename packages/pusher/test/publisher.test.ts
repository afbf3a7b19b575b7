import { createPublisherFromTransport, defineChannel, RealtimeError } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { objectSchema, presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisherTransport, pusherChannelName } from '../src/index.js';
import { type PusherTestbed, startTestbed } from './harness.js';

describe('pusher publisher', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([publicRoom, privateInbox, presenceRoom]);
  });
  afterAll(() => testbed.close());

  const requestsTo = (suffix: string) => testbed.emulator.requests().filter((request) => request.path.endsWith(suffix));

  it('sends one message with trigger and many with triggerBatch, 10 per request', async () => {
    const channel = publicRoom({ room: 'batching' });
    const subscriber = testbed.subscriber(undefined);
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'note', (data) => received.push(data.n)).ready;
    const publisher = testbed.publisher();
    const eventsBefore = requestsTo('/events').length;
    const batchesBefore = requestsTo('/batch_events').length;
    await publisher.publish(channel, 'note', { text: 'one', n: 0 });
    const entries = Array.from({ length: 21 }, (_, index) => ({ channel, event: 'note' as const, data: { text: 'many', n: index + 1 } }));
    await publisher.publishMany(entries);
    await received.toHave(22);
    expect(received.items).toEqual(Array.from({ length: 22 }, (_, index) => index));
    expect(requestsTo('/events').length - eventsBefore).toBe(2);
    expect(requestsTo('/batch_events').length - batchesBefore).toBe(2);
    await subscriber.close();
  });

  it('refuses a name that cannot fit before sending anything', async () => {
    const wide = defineChannel('wide:{a}:{b}', { access: 'private', events: { ping: objectSchema({}) } });
    const before = testbed.emulator.requests().length;
    const error = await testbed
      .publisher()
      .publish(wide({ a: 'a'.repeat(100), b: 'b'.repeat(100) }), 'ping', {})
      .catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'INVALID_CHANNEL')).toBe(true);
    expect(testbed.emulator.requests()).toHaveLength(before);
  });

  it('maps HTTP failures to RealtimeErrors with the SDK error as cause', async () => {
    const { emulator } = testbed;
    const transport = createPublisherTransport({
      appId: emulator.appId,
      key: emulator.key,
      secret: 'wrong',
      host: emulator.host,
      port: emulator.port,
      useTLS: false,
    });
    const message = { channel: publicRoom({ room: 'errors' }), envelope: { id: 'm1', event: 'note', data: {}, ts: Date.now() } };
    const unauthorized = await transport.send([message]).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(unauthorized, 'UNAUTHORIZED')).toBe(true);
    expect((unauthorized as RealtimeError).retriable).toBe(false);
    expect((unauthorized as RealtimeError).cause).toMatchObject({ status: 401 });

    const good = createPublisherTransport({ ...emulator.serverOptions() });
    const expectCode = async (status: number, code: string, retriable: boolean) => {
      emulator.failNextHttp(1, status);
      const error = await good.send([message]).catch((caught: unknown) => caught);
      expect(RealtimeError.isInstance(error, code as never), `${status} → ${code}`).toBe(true);
      expect((error as RealtimeError).retriable).toBe(retriable);
    };
    await expectCode(500, 'PROVIDER_UNAVAILABLE', true);
    await expectCode(503, 'PROVIDER_UNAVAILABLE', true);
    await expectCode(429, 'RATE_LIMITED', true);
    await expectCode(403, 'FORBIDDEN', false);
    await expectCode(413, 'PAYLOAD_TOO_LARGE', false);

    const oversized = { ...message, envelope: { ...message.envelope, data: { body: 'x'.repeat(10_300) } } };
    const tooLarge = await good.send([oversized]).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(tooLarge, 'PAYLOAD_TOO_LARGE')).toBe(true);

    const unreachable = createPublisherTransport({ appId: '1', key: 'k', secret: 's', host: '127.0.0.1', port: 1, useTLS: false });
    const down = await unreachable.send([message]).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(down, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((down as RealtimeError).retriable).toBe(true);
  });

  it('retries a retriable failure with the same message id', async () => {
    const channel = publicRoom({ room: 'retry' });
    const subscriber = testbed.subscriber(undefined);
    const ids = new Collector<string>();
    await subscriber.subscribe(channel, 'note', (_data, meta) => ids.push(meta.id)).ready;
    testbed.emulator.failNextHttp(2, 502);
    const { id } = await testbed.publisher().publish(channel, 'note', { text: 'eventually', n: 1 });
    expect(await ids.toHave(1)).toEqual([id]);
    await subscriber.close();
  });

  it('queries presence on the server, without watchers', async () => {
    const channel = presenceRoom({ room: 'server-view' });
    const member = testbed.subscriber({ id: 'member-1' });
    const watcher = testbed.subscriber({ id: 'watcher-1' });
    await member.presence(channel).enter({ name: 'Member' });
    await watcher.presence(channel).members();
    expect(testbed.emulator.channelNames()).toContain(pusherChannelName(channel));
    const presence = testbed.publisher().presence(channel);
    await waitFor(async () => (await presence.members()).length === 1, 5000, 'one member');
    expect(await presence.members()).toEqual([{ userId: 'member-1', data: undefined, source: 'ids-only' }]);
    expect(await presence.isPresent('watcher-1')).toBe(false);
    await member.close();
    await watcher.close();
  });

  it('reports health: healthy against the emulator, unhealthy with wrong credentials', async () => {
    expect(await testbed.publisher().health()).toMatchObject({ status: 'healthy', provider: 'pusher' });
    const wrong = createPublisherFromTransport(createPublisherTransport({ ...testbed.emulator.serverOptions(), secret: 'wrong' }));
    expect(await wrong.health()).toMatchObject({ status: 'unhealthy', details: { code: 'UNAUTHORIZED' } });
  });

  it('fails fast on missing configuration', () => {
    expect(() => createPublisherTransport({ appId: '1', key: 'k', secret: '' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => createPublisherTransport({ appId: '1', key: 'k', secret: 's' })).toThrowError(/cluster/);
  });
});
