/**
 * The sms functions against a real publisher on the Pusher emulator, with a history store:
 * the stats function reports what the seed's did (status, server connection state and uptime,
 * the state of the user's own channels, timestamp, response time) and refuses another user's
 * channel; a user's number is assigned on first use and announced with `phone_number_assignment`
 * on their notifications channel; and when the provider refuses the send, the publish and
 * simulate-inbound functions still answer at once (well inside a 10 s function), with the message
 * stored and its realtime messages in the transactional outbox, which the relay sends once the
 * provider is back (they used to answer 502 PUBLISH_FAILED).
 */
import { memoryHistory } from '@switchboard/core/history';
import { pusherPublisher } from '@switchboard/pusher';
import { smsNotifications } from '@switchboard/schemas/sms';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsExample } from '../src/index.js';
import { USER_NUMBERS } from '../src/phone-book.js';

describe('sms functions', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let publisher: ReturnType<typeof pusherPublisher>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'sms-test', key: 'sms-key', secret: 'sms-secret' });
    server = await startBackend(smsExample, (outbox) => {
      const retry = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 };
      publisher = pusherPublisher({ ...emulator.serverOptions(), history: memoryHistory(), outbox, retry });
      return publisher;
    });
  });

  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  it("assigns a user's number on first use and publishes phone_number_assignment on their notifications channel", async () => {
    const inbox = await server.call('GET', '/inbox', 'ada');
    expect(inbox.status).toBe(200);
    expect(inbox.body.phoneNumber).toBe(USER_NUMBERS.ada);
    await server.call('GET', '/inbox', 'ada');
    await server.drained();
    const page = await publisher.history(smsNotifications({ userId: 'ada' }));
    const assignments = page.messages.filter((message) => message.event === 'phone_number_assignment');
    expect(assignments.map((message) => message.data)).toEqual([
      expect.objectContaining({ phoneNumber: USER_NUMBERS.ada, phoneNumberId: 'num-ada', action: 'assigned' }),
    ]);
  });

  it('reports status, connection state, uptime, channel states and response time, as the seed did', async () => {
    expect((await server.call('POST', '/simulate-inbound', 'ada', { text: 'Hello stats' })).status).toBe(200);
    await server.drained();
    const stats = await server.call('GET', '/stats', 'ada');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      status: 'healthy',
      server: { initialized: true, connectionState: 'connected', provider: 'pusher' },
      messages: expect.any(Number),
    });
    expect((stats.body.server as { uptime: number }).uptime).toBeGreaterThanOrEqual(0);
    expect(stats.body.responseTime).toMatch(/^\d+ms$/);
    expect(Number.isNaN(Date.parse(stats.body.timestamp as string))).toBe(false);
    const channels = stats.body.channels as Record<string, { name: string; state: string; latestSeq?: number }>;
    expect(channels['notifications:ada']).toMatchObject({ name: 'notifications:ada', state: 'active' });
    expect(channels['contacts:ada']).toMatchObject({ state: 'active', latestSeq: 1 });
    expect(Object.keys(channels).some((name) => name.startsWith('sms:ada:'))).toBe(true);

    const one = await server.call('GET', '/stats?channelName=contacts:ada', 'ada');
    expect(Object.keys(one.body.channels as object)).toEqual(['contacts:ada']);
    const other = await server.call('GET', '/stats?channelName=contacts:grace', 'ada');
    expect(other.status).toBe(403);
  });

  it('while the provider refuses sends: committed and answered at once, the messages sent later by the relay', async () => {
    await server.call('GET', '/inbox', 'grace');
    await server.drained();
    emulator.failNextHttp(1_000, 500);
    try {
      const started = Date.now();
      const sent = await server.call('POST', '/publish', 'grace', { to: USER_NUMBERS.alan, text: 'Can you hear me?' });
      expect(sent.status).toBe(202);
      // No send in the function: well inside a 10 s limit however long the provider is away.
      expect(Date.now() - started).toBeLessThan(10_000);
      const simulated = await server.call('POST', '/simulate-inbound', 'grace', { text: 'Quiet arrival' });
      expect(simulated.status).toBe(200);
      await server.relay.wake();
      expect(await server.outbox.pending()).toBeGreaterThan(0);
    } finally {
      emulator.failNextHttp(0);
    }
    await server.drained();
    const page = await publisher.history(smsNotifications({ userId: 'grace' }));
    expect(page.messages.map((message) => message.event)).toContain('sms_received');
    const inbox = await server.call('GET', '/inbox', 'grace');
    const texts = Object.values(inbox.body.messages as Record<string, Array<{ text: string }>>)
      .flat()
      .map((message) => message.text);
    expect(texts).toEqual(expect.arrayContaining(['Can you hear me?', 'Quiet arrival']));
  });
});
