/**
 * The hub's admin endpoints — Prometheus metrics, stats, channel occupancy, disconnectUser — behind
 * the v2 request signatures: a signed request is answered; unsigned, forged (wrong secret, edited
 * body) and replayed ones are refused with 401 and counted.
 */
import { RealtimeError } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, hubAdminClient, signRequest, socketIoPublisher } from '../src/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

const OTHER_SECRET = 'other-secret-0123456789abcdef-012345678';

describe('hub admin endpoints', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(testChannels);
  });
  afterAll(() => hub.close());

  const url = (action: string) => `${hub.url}/switchboard/${action}`;
  const metricValue = (text: string, line: string) => {
    const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  it('serves Prometheus metrics to a signed GET: connections, channels, published messages', async () => {
    const channel = room({ roomId: uniqueId('metrics') });
    const subscriber = subscriberFor(hub.url, undefined);
    await subscriber.subscribe(channel, 'tick', () => {}).ready;
    const publisher = socketIoPublisher({ hub });
    await publisher.publish(channel, 'tick', { n: 1 });
    const headers = await signRequest(SECRET, { method: 'GET', url: url('metrics'), body: '' });
    const response = await fetch(url('metrics'), { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE switchboard_hub_connections gauge');
    expect(metricValue(text, 'switchboard_hub_connections')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'switchboard_hub_channels')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'switchboard_hub_messages_published_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'switchboard_hub_up')).toBe(1);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('refuses unsigned, forged, edited and replayed requests with 401, and counts them by reason', async () => {
    const unsigned = await fetch(url('metrics'));
    expect(unsigned.status).toBe(401);
    const forgedHeaders = await signRequest(OTHER_SECRET, { method: 'GET', url: url('metrics'), body: '' });
    expect((await fetch(url('metrics'), { headers: forgedHeaders })).status).toBe(401);
    const body = JSON.stringify({ userId: 'victim' });
    const signed = await signRequest(SECRET, { method: 'POST', url: url('disconnect-user'), body });
    const edited = await fetch(url('disconnect-user'), {
      method: 'POST',
      headers: signed,
      body: JSON.stringify({ userId: 'someone-else' }),
    });
    expect(edited.status).toBe(401);
    // The edited request used the nonce up: the same headers with the original body are a replay.
    const replayed = await fetch(url('disconnect-user'), { method: 'POST', headers: signed, body });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { error: { message: string } }).error.message).toContain('replayed');
    // A signature for one endpoint does not open another.
    const forMetrics = await signRequest(SECRET, { method: 'POST', url: url('metrics'), body: '{}' });
    expect((await fetch(url('stats'), { method: 'POST', headers: forMetrics, body: '{}' })).status).toBe(401);
    const text = await hubAdminClient({ url: hub.url, secret: SECRET }).metrics();
    expect(metricValue(text, 'switchboard_hub_http_requests_refused_total{reason="missing"}')).toBe(1);
    expect(metricValue(text, 'switchboard_hub_http_requests_refused_total{reason="bad-signature"}')).toBe(2);
    expect(metricValue(text, 'switchboard_hub_http_requests_refused_total{reason="digest"}')).toBe(1);
    expect(metricValue(text, 'switchboard_hub_http_requests_refused_total{reason="replayed"}')).toBe(1);
    const wrong = hubAdminClient({ url: hub.url, secret: OTHER_SECRET });
    await expect(wrong.stats()).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'UNAUTHORIZED'));
  });

  it('answers channel occupancy and stats to a signed client', async () => {
    const busy = room({ roomId: uniqueId('busy') });
    const quiet = room({ roomId: uniqueId('quiet') });
    const subscribers = [subscriberFor(hub.url, undefined), subscriberFor(hub.url, undefined)];
    for (const subscriber of subscribers) await subscriber.subscribe(busy, 'tick', () => {}).ready;
    await subscribers[0]?.subscribe(quiet, 'tick', () => {}).ready;
    const admin = hubAdminClient({ url: hub.url, secret: SECRET });
    expect(await admin.occupancy(busy.name)).toEqual([{ channel: busy.name, subscribers: 2 }]);
    const all = await admin.occupancy();
    expect(all).toEqual(
      expect.arrayContaining([
        { channel: busy.name, subscribers: 2 },
        { channel: quiet.name, subscribers: 1 },
      ]),
    );
    // `#user:` rooms and sockets' own rooms are not channels.
    expect(all.every((entry) => !entry.channel.startsWith('#') && entry.channel.includes(':'))).toBe(true);
    const stats = await admin.stats();
    expect(stats.connections).toBeGreaterThanOrEqual(2);
    expect(stats.subscriptions).toBeGreaterThanOrEqual(3);
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
  });

  it('disconnects a user through a signed request: the user sees disconnected with UNAUTHORIZED', async () => {
    const user = { id: uniqueId('user') };
    const subscriber = subscriberFor(hub.url, user);
    await subscriber.subscribe(room({ roomId: uniqueId('kick') }), 'tick', () => {}).ready;
    const reasons: Array<string | undefined> = [];
    subscriber.onStateChange((change) => reasons.push(change.reason?.code));
    await hubAdminClient({ url: hub.url, secret: SECRET }).disconnectUser(user.id);
    await waitFor(() => subscriber.state === 'disconnected' || subscriber.state === 'failed', 10_000, 'the user disconnected');
    expect(reasons).toContain('UNAUTHORIZED');
    const text = await hubAdminClient({ url: hub.url, secret: SECRET }).metrics();
    expect(metricValue(text, 'switchboard_hub_users_disconnected_total')).toBe(1);
    await subscriber.close();
  });

  it('refuses a bad admin request with 400 and serves no admin endpoint with admin: false', async () => {
    const admin = hubAdminClient({ url: hub.url, secret: SECRET });
    await expect(admin.disconnectUser('')).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'CONFIG'));
    const closedHub = await startHub(testChannels, { admin: false });
    try {
      await expect(hubAdminClient({ url: closedHub.url, secret: SECRET }).metrics()).rejects.toThrow(/Unknown endpoint/);
      expect(await closedHub.metrics()).toContain('switchboard_hub_connections');
    } finally {
      await closedHub.close();
    }
  });
});
