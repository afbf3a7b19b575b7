/**
 * The hub's own webhooks end to end: real Socket.IO clients subscribe, enter presence, whisper,
 * leave and are disconnected by the server; the hub POSTs signed deliveries that `createWebhookHandler` with
 * `hubWebhooks` turns into the shared events. Forged, edited and replayed deliveries are refused.
 */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core';
import { listenForWhisper, whisper } from '@switchboard/core/client';
import { startWebhookReceiver, type WebhookReceiver } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketIoSubscriber } from '../src/client-events/index.js';
import { type Hub, hubWebhooks, signHubToken, signRequest } from '../src/index.js';
import { lobby, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

const typing: StandardSchemaV1<{ typing: boolean }> = {
  '~standard': {
    version: 1,
    vendor: 'socket-io-tests',
    validate: (value) =>
      typeof (value as { typing?: unknown })?.typing === 'boolean'
        ? { value: value as { typing: boolean } }
        : { issues: [{ message: 'typing must be a boolean' }] },
  },
};
const desk = defineChannel('tests:desk:{roomId}', {
  access: 'presence',
  events: {},
  clientEvents: { 'viewer:typing': typing },
  authorize: (user) => user.id.length > 0,
});

describe('hub webhooks', () => {
  let receiver: WebhookReceiver;
  let hub: Hub;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ sources: [hubWebhooks({ secret: SECRET })] });
    hub = await startHub([...testChannels, desk], { webhooks: { url: receiver.url, clientEvents: true }, presenceGraceMs: 50 });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  it('reports occupied, member added and removed, vacated and server disconnects as typed events', async () => {
    const channel = lobby({ roomId: uniqueId('hooks') });
    const user = { id: uniqueId('ada') };
    const subscriber = subscriberFor(hub.url, user);
    await subscriber.subscribe(channel, 'tick', () => {}).ready;
    await subscriber.presence(channel).enter({ mood: 'fine' });
    const mine = () =>
      receiver.events.items.filter((event) => ('channel' in event ? event.channel === channel.name : event.userId === user.id));
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(2);
    await hub.disconnectUser(user.id);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(5);
    await subscriber.close();
    expect(
      mine()
        .map((event) => event.type)
        .sort(),
    ).toEqual(['channel.occupied', 'channel.vacated', 'member.added', 'member.removed', 'user.disconnected']);
    expect(
      mine()
        .slice(0, 2)
        .map((event) => event.type),
    ).toEqual(['channel.occupied', 'member.added']);
    expect(mine().find((event) => event.type === 'member.added')).toMatchObject({ provider: 'socket-io', userId: user.id });
    expect(receiver.statuses.every((status) => status === 200)).toBe(true);
  }, 30_000);

  it('reports each client event it relays, with the sender from its token (webhooks.clientEvents)', async () => {
    const channel = desk({ roomId: uniqueId('desk') });
    const whisperer = (id: string) =>
      socketIoSubscriber({ url: hub.url, token: () => signHubToken({ user: { id }, secret: SECRET }), requestTimeoutMs: 8000 });
    const [ada, grace] = [whisperer('ada'), whisperer('grace')];
    const heard: unknown[] = [];
    await listenForWhisper(grace, channel, 'viewer:typing', (data) => heard.push(data)).ready;
    await whisper(ada, channel, 'viewer:typing', { typing: true });
    const mine = () => receiver.events.items.filter((event) => event.type === 'client.event' && event.channel === channel.name);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
    expect(mine()[0]).toMatchObject({ provider: 'socket-io', event: 'viewer:typing', data: { typing: true }, userId: 'ada' });
    expect(mine()[0]).toHaveProperty('connectionId', expect.any(String));
    expect(heard).toEqual([{ typing: true }]);
    await Promise.all([ada.close(), grace.close()]);
    // The room empties: the deliveries about it are over before the next case counts its own.
    await expect
      .poll(() => receiver.events.items.some((event) => event.type === 'channel.vacated' && event.channel === channel.name), {
        timeout: 10_000,
      })
      .toBe(true);
  });

  it('reports no client event unless webhooks.clientEvents is on (the relay still happens)', async () => {
    const quiet = await startHub([...testChannels, desk], { webhooks: { url: receiver.url } });
    try {
      const channel = desk({ roomId: uniqueId('quiet') });
      const whisperer = (id: string) =>
        socketIoSubscriber({ url: quiet.url, token: () => signHubToken({ user: { id }, secret: SECRET }), requestTimeoutMs: 8000 });
      const [ada, grace] = [whisperer('ada'), whisperer('grace')];
      const heard: unknown[] = [];
      await listenForWhisper(grace, channel, 'viewer:typing', (data) => heard.push(data)).ready;
      await whisper(ada, channel, 'viewer:typing', { typing: true });
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual([{ typing: true }]);
      await Promise.all([ada.close(), grace.close()]);
      // Deliveries go out in order: once the room's vacated event is in, a client event would have been too.
      await expect
        .poll(() => receiver.events.items.some((event) => event.type === 'channel.vacated' && event.channel === channel.name), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(
        receiver.events.items.filter((event) => 'channel' in event && event.channel === channel.name).map((event) => event.type),
      ).not.toContain('client.event');
    } finally {
      await quiet.close();
    }
  });

  it('refuses forged, edited, unsigned and replayed deliveries', async () => {
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'tests:room:forged' }] });
    const post = (headers: Record<string, string>, text = body) =>
      fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    const before = receiver.events.items.length;
    const forged = await signRequest('another-secret-0123456789abcdef-0123456', { method: 'POST', url: receiver.url, body });
    expect((await post(forged)).status).toBe(401);
    const signed = await signRequest(SECRET, { method: 'POST', url: receiver.url, body });
    expect((await post(signed, body.replace('forged', 'edited'))).status).toBe(401);
    expect((await post({})).status).toBe(401);
    const fresh = await signRequest(SECRET, { method: 'POST', url: receiver.url, body });
    expect((await post(fresh)).status).toBe(200);
    expect((await post(fresh)).status).toBe(401);
    const stale = await signRequest(SECRET, { method: 'POST', url: receiver.url, body }, Date.now() - 10 * 60_000);
    expect((await post(stale)).status).toBe(401);
    expect(receiver.events.items.length - before).toBe(1);
  });
});
