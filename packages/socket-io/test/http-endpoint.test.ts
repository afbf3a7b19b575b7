import { createMessageId, type Envelope } from '@switchboard/core';
import { Collector, quietPeriod } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, signRequest, socketIoPublisher } from '../src/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

const envelope = (n: number, event = 'tick'): Envelope => ({ id: createMessageId(), event, data: { n }, ts: Date.now() });

describe('the hub HTTP publish endpoint', () => {
  let hub: Hub;
  let publishUrl: string;
  beforeAll(async () => {
    hub = await startHub(testChannels, { maxPayloadBytes: 1024, maxRequestBytes: 4096 });
    publishUrl = `${hub.url}/switchboard/publish`;
  });
  afterAll(() => hub.close());

  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(publishUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as { error?: { code: string } } | undefined };
  };
  const sign = (secret: string, body: string, now?: number) => signRequest(secret, { method: 'POST', url: publishUrl, body }, now);
  const signed = async (body: string, now?: number) => post(body, await sign(SECRET, body, now));

  it('refuses each bad request with its status and delivers none of them', async () => {
    const channel = room({ roomId: uniqueId('bad') });
    const subscriber = subscriberFor(hub.url, undefined);
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(channel, 'tick', received.push).ready;
    const body = (n: number, name = channel.name, event = 'tick') =>
      JSON.stringify({ messages: [{ channel: name, envelope: envelope(n, event) }] });

    expect((await post(body(1), {})).status).toBe(401);
    const forged = await sign('another-secret-0123456789abcdef-0123456789', body(2));
    expect((await post(body(2), forged)).status).toBe(401);
    const tampered = await sign(SECRET, body(3));
    expect((await post(body(33), tampered)).status).toBe(401);
    expect((await signed(body(4), Date.now() - 10 * 60_000)).status).toBe(401);
    const original = body(5);
    const headers = await sign(SECRET, original);
    expect((await post(original, headers)).status).toBe(200);
    const replay = await post(original, headers);
    expect(replay.status).toBe(401);
    expect(replay.body?.error?.code).toBe('UNAUTHORIZED');

    const oversizedBody = JSON.stringify({
      messages: [{ channel: channel.name, envelope: { ...envelope(6), data: { n: 6, pad: 'x'.repeat(5000) } } }],
    });
    expect((await signed(oversizedBody)).status).toBe(413);
    const oversizedMessage = JSON.stringify({
      messages: [{ channel: channel.name, envelope: { ...envelope(7), data: { n: 7, pad: 'x'.repeat(2000) } } }],
    });
    expect((await signed(oversizedMessage)).status).toBe(413);
    const invalidJson = await signed('{"messages": [');
    expect(invalidJson).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_MESSAGE' } } });
    expect(await signed(body(8, 'tests:room:a:b'))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CHANNEL' } } });
    expect(await signed(body(9, 'nope:unknown'))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CHANNEL' } } });
    expect(await signed(body(10, channel.name, 'missing-event'))).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_EVENT' } },
    });
    expect((await signed(JSON.stringify({ messages: [{ channel: channel.name, envelope: { id: 'x' } }] }))).status).toBe(400);
    expect((await signed(JSON.stringify({ messages: [] }))).status).toBe(400);
    const getResponse = await fetch(publishUrl);
    expect(getResponse.status).toBe(405);

    await received.toHave(1);
    await quietPeriod(300);
    expect(received.items).toEqual([{ n: 5 }]);
    await subscriber.close();
  });

  it('maps refusals to RealtimeErrors in the HTTP publisher and retries 503s', async () => {
    const channel = room({ roomId: uniqueId('errors') });
    const wrongSecret = socketIoPublisher({ url: hub.url, secret: 'wrong-secret-0123456789abcdef-0123456789', retry: false });
    await expect(wrongSecret.publish(channel, 'tick', { n: 1 })).rejects.toMatchObject({ code: 'UNAUTHORIZED', provider: 'socket-io' });
    const publisher = socketIoPublisher({ url: hub.url, secret: SECRET });
    hub.failNextPublishes(2);
    await expect(publisher.publish(channel, 'tick', { n: 2 }, { retry: { attempts: 3, baseDelayMs: 10 } })).resolves.toMatchObject({
      id: expect.any(String),
    });
    hub.failNextPublishes(1);
    await expect(publisher.publish(channel, 'tick', { n: 3 }, { retry: false })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retriable: true,
    });
    const unreachable = socketIoPublisher({ url: 'http://127.0.0.1:9', secret: SECRET, retry: false });
    await expect(unreachable.publish(channel, 'tick', { n: 4 })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect((await unreachable.health()).status).toBe('unhealthy');
    // The hub answers, but this publisher's last publish failed for good a moment ago.
    expect(await publisher.health()).toMatchObject({ status: 'degraded', provider: 'socket-io', reasons: [{ code: 'publish-failing' }] });
    await Promise.all([wrongSecret.close(), publisher.close(), unreachable.close()]);
  });

  it('splits a large batch into requests under the hub limit', async () => {
    const channel = room({ roomId: uniqueId('batch') });
    const subscriber = subscriberFor(hub.url, undefined);
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(channel, 'tick', received.push).ready;
    const publisher = socketIoPublisher({ url: hub.url, secret: SECRET, maxPayloadBytes: 1024, maxRequestBytes: 4096 });
    const entries = Array.from({ length: 40 }, (_, n) => ({ channel, event: 'tick' as const, data: { n } }));
    await publisher.publishMany(entries);
    await received.toHave(40);
    expect(received.items.map((item) => item.n)).toEqual(entries.map((entry) => entry.data.n));
    await Promise.all([publisher.close(), subscriber.close()]);
  });
});
