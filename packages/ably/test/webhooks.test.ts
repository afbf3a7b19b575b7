/**
 * Ably webhooks end to end: the emulator sends enveloped webhooks signed with an API key while the
 * real `ably` SDK attaches, enters presence and publishes; `createWebhookHandler` with
 * `ablyWebhooks` turns them into the shared events. Forged, stale and replayed deliveries are refused.
 */
import { createHmac } from 'node:crypto';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { startWebhookReceiver, type WebhookReceiver } from '@switchboard/testing/conformance';
import * as Ably from 'ably';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_CHANNEL_SUFFIX } from '../src/client-events/index.js';
import { ablyWebhooks } from '../src/index.js';
import { API_KEY, fastClientOptions } from './emulator-setup.js';

describe('ably webhooks', () => {
  let receiver: WebhookReceiver;
  let emulator: AblyEmulator;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ sources: [ablyWebhooks({ apiKey: API_KEY })] });
    emulator = await startAblyEmulator({ keys: [API_KEY], presenceGraceMs: 100, webhooks: { url: receiver.url, apiKey: API_KEY } });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  it('reports channel opened, presence, messages and channel closed as typed events', async () => {
    const name = `hooks-${Date.now().toString(36)}`;
    const client = new Ably.Realtime({
      key: API_KEY,
      clientId: 'ada',
      endpoint: emulator.host,
      port: emulator.port,
      tls: false,
      useBinaryProtocol: false,
      ...fastClientOptions,
    });
    const channel = client.channels.get(name);
    await channel.attach();
    await channel.presence.enter({ status: 'here' });
    await channel.publish('note', { text: 'hello' });
    await channel.presence.leave();
    await channel.detach();
    const mine = () => receiver.events.items.filter((event) => 'channel' in event && event.channel === name);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(5);
    client.close();
    expect(mine().map((event) => event.type)).toEqual(['channel.occupied', 'member.added', 'message', 'member.removed', 'channel.vacated']);
    expect(mine()[1]).toMatchObject({ provider: 'ably', userId: 'ada' });
    expect(mine()[2]).toMatchObject({ type: 'message', event: 'note', data: { text: 'hello' } });
    expect(receiver.statuses.every((status) => status === 200)).toBe(true);
  }, 30_000);

  it('reports messages on a client-event channel (<name>#client-events) as client events of the channel', async () => {
    const name = `whispers-${Date.now().toString(36)}`;
    const client = new Ably.Realtime({
      key: API_KEY,
      clientId: 'grace',
      endpoint: emulator.host,
      port: emulator.port,
      tls: false,
      useBinaryProtocol: false,
      ...fastClientOptions,
    });
    const whispers = client.channels.get(`${name}${CLIENT_EVENT_CHANNEL_SUFFIX}`);
    await whispers.publish('viewer:typing', { typing: true });
    const mine = () => receiver.events.items.filter((event) => event.type === 'client.event' && event.channel === name);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
    expect(mine()[0]).toMatchObject({
      provider: 'ably',
      event: 'viewer:typing',
      data: { typing: true },
      userId: 'grace',
      connectionId: client.connection.id,
    });
    // No plain message event for it: the one delivery is a client event.
    expect(receiver.events.items.some((event) => event.type === 'message' && event.channel.startsWith(name))).toBe(false);
    client.close();
  }, 30_000);

  it('refuses forged, edited, stale and replayed deliveries', async () => {
    const [keyName, keySecret] = API_KEY.split(':') as [string, string];
    const sign = (body: string, secret = keySecret) => createHmac('sha256', secret).update(body).digest('base64');
    const post = (body: string, signature: string, key = keyName) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ably-key': key, 'x-ably-signature': signature },
        body,
      });
    const item = (timestamp: number) => ({
      webhookId: 'w1',
      source: 'channel.lifecycle',
      name: 'channel.opened',
      timestamp,
      data: { channelId: 'forged' },
    });
    const body = JSON.stringify({ items: [item(Date.now())] });
    const before = receiver.events.items.length;
    expect((await post(body, sign(body, 'not-the-secret'))).status).toBe(401);
    expect((await post(body.replace('forged', 'edited'), sign(body))).status).toBe(401);
    expect((await post(body, sign(body), 'other.key')).status).toBe(401);
    const stale = JSON.stringify({ items: [item(Date.now() - 10 * 60_000)] });
    expect((await post(stale, sign(stale))).status).toBe(401);
    expect((await post(body, sign(body))).status).toBe(200);
    expect((await post(body, sign(body))).status).toBe(401);
    expect(receiver.events.items.length - before).toBe(1);
  });
});
