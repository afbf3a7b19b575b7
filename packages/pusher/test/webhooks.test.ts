/**
 * Pusher webhooks end to end: the emulator sends them as Pusher does (signed with the app secret)
 * while real pusher-js clients come and go; `createWebhookHandler` with `pusherWebhooks` turns them
 * into the shared events. Forged, edited, stale and replayed deliveries are refused.
 */
import { createHmac } from 'node:crypto';
import { type AuthUser, createChannelChecker } from '@switchboard/core';
import { Collector } from '@switchboard/testing';
import { conformanceChannels, presenceRoom, startWebhookReceiver, type WebhookReceiver } from '@switchboard/testing/conformance';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import PusherJs from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pusherAuthorizer, pusherChannelName, pusherWebhooks } from '../src/index.js';

const credentials = { appId: '1', key: 'hook-key', secret: 'hook-secret' };

describe('pusher webhooks', () => {
  let receiver: WebhookReceiver;
  let emulator: PusherEmulator;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ sources: [pusherWebhooks({ key: credentials.key, secret: credentials.secret })] });
    emulator = await startPusherEmulator({ ...credentials, webhooks: { url: receiver.url } });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  /** A raw pusher-js client signed in as `user`, authorized by the Switchboard authorizer. */
  function client(user: AuthUser, server: PusherEmulator = emulator) {
    const authorizer = pusherAuthorizer({ key: credentials.key, secret: credentials.secret, wsHost: server.host, wsPort: server.port });
    const checker = createChannelChecker(conformanceChannels, []);
    return new PusherJs(credentials.key, {
      wsHost: server.host,
      wsPort: server.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      cluster: 'local',
      channelAuthorization: {
        transport: 'ajax',
        endpoint: 'unused',
        customHandler: (params, callback) => {
          authorizer
            .authorize({
              user,
              body: { socket_id: params.socketId, channel_name: params.channelName },
              check: (name) => checker(user, name),
            })
            .then(
              (auth) => callback(null, auth as never),
              (error: Error) => callback(error, null),
            );
        },
      },
    });
  }

  it('reports occupied, member added, client events, member removed and vacated as typed events', async () => {
    const channel = pusherChannelName(presenceRoom({ room: `hooks${Date.now().toString(36)}` }));
    const pusher = client({ id: 'ada' });
    const subscribed = new Collector<true>();
    const subscription = pusher.subscribe(channel);
    subscription.bind('pusher:subscription_succeeded', () => subscribed.push(true));
    await subscribed.toHave(1, 10_000);
    subscription.trigger('client-typing', { typing: true });
    await receiver.events.toHave(3, 10_000);
    pusher.disconnect();
    await receiver.events.toHave(5, 10_000);
    const mine = receiver.events.items.filter((event) => 'channel' in event && event.channel === channel);
    expect(mine.map((event) => event.type)).toEqual([
      'channel.occupied',
      'member.added',
      'client.event',
      'member.removed',
      'channel.vacated',
    ]);
    expect(mine[1]).toMatchObject({ provider: 'pusher', userId: 'ada' });
    // The name as the contract declares it (pusher-js sends `client-typing`, which `raw` keeps).
    expect(mine[2]).toMatchObject({ type: 'client.event', event: 'typing', data: { typing: true }, userId: 'ada' });
    expect(mine[2]).toMatchObject({ connectionId: pusher.connection.socket_id, raw: { event: 'client-typing' } });
    expect(typeof mine[0]?.at).toBe('number');
    expect(receiver.statuses.every((status) => status === 200)).toBe(true);
  }, 30_000);

  it("sends no client_event webhook when the app's client-event webhooks are off (webhooks.clientEvents: false)", async () => {
    const quiet = await startPusherEmulator({ ...credentials, webhooks: { url: receiver.url, clientEvents: false } });
    try {
      const channel = pusherChannelName(presenceRoom({ room: `quiet${Date.now().toString(36)}` }));
      const [ada, grace] = [client({ id: 'ada' }, quiet), client({ id: 'grace' }, quiet)];
      const heard = new Collector<unknown>();
      const subscribed = new Collector<true>();
      for (const pusher of [ada, grace]) pusher.subscribe(channel).bind('pusher:subscription_succeeded', () => subscribed.push(true));
      ada.channel(channel).bind('client-typing', (data: unknown) => heard.push(data));
      await subscribed.toHave(2, 10_000);
      grace.channel(channel).trigger('client-typing', { typing: true });
      await heard.toHave(1, 10_000);
      const mine = () => receiver.events.items.filter((event) => 'channel' in event && event.channel === channel);
      // Presence still reports grace's arrival, after the event would have been sent.
      await expect.poll(() => mine().filter((event) => event.type === 'member.added').length, { timeout: 10_000 }).toBe(2);
      ada.disconnect();
      grace.disconnect();
      await expect.poll(() => mine().some((event) => event.type === 'channel.vacated'), { timeout: 10_000 }).toBe(true);
      expect(mine().map((event) => event.type)).not.toContain('client.event');
    } finally {
      await quiet.close();
    }
  }, 30_000);

  it('refuses forged, edited, stale and replayed deliveries', async () => {
    const post = (body: string, signature: string, key = credentials.key) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pusher-key': key, 'x-pusher-signature': signature },
        body,
      });
    const sign = (body: string, secret = credentials.secret) => createHmac('sha256', secret).update(body).digest('hex');
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'forged' }] });
    const before = receiver.events.items.length;
    expect((await post(body, sign(body, 'wrong-secret'))).status).toBe(401);
    expect((await post(body.replace('forged', 'edited'), sign(body))).status).toBe(401);
    expect((await post(body, sign(body), 'other-key')).status).toBe(401);
    const stale = JSON.stringify({ time_ms: Date.now() - 10 * 60_000, events: [{ name: 'channel_occupied', channel: 'stale' }] });
    expect((await post(stale, sign(stale))).status).toBe(401);
    expect((await post(body, sign(body))).status).toBe(200);
    expect((await post(body, sign(body))).status).toBe(401);
    expect((await fetch(receiver.url, { method: 'POST', body })).status).toBe(401);
    expect(receiver.events.items.length - before).toBe(1);
  });
});
