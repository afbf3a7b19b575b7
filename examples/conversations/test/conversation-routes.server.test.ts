/**
 * The conversation routes against a real publisher on the Pusher emulator (with the transactional
 * outbox and its relay), with the worker process publishing there too. The message, its job and
 * the `searching` status commit in one transaction: when the provider refuses the status, the
 * route still answers 202 and the relay sends it once the provider is back (it used to reject
 * with an unhandled error after the message was stored, then to answer 502). The message and its
 * job are in PostgreSQL (PGlite here), and the worker's answer and the job's outcome are recorded
 * when it reports back.
 */
import { pusherPublisher } from '@switchboard/pusher';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationsExample } from '../src/index.js';

describe('conversation routes', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'conversations-test', key: 'conversations-key', secret: 'conversations-secret' });
    const options = emulator.serverOptions();
    const retry = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 };
    server = await startBackend(createConversationsExample(), (outbox) => pusherPublisher({ ...options, outbox, retry }), {
      publisherEnv: {
        REALTIME_PROVIDER: 'pusher',
        PUSHER_APP_ID: options.appId,
        PUSHER_KEY: options.key,
        PUSHER_SECRET: options.secret,
        PUSHER_HOST: options.host,
        PUSHER_PORT: options.port,
        PUSHER_USE_TLS: 'false',
        CONVERSATIONS_STEP_MS: '10',
      },
    });
  });

  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  const jobs = () => server.database.query<{ status: string }>('select status from conversations.jobs order by created_at');

  it('stores the message and its job, and records the reply and the outcome the worker reports', async () => {
    const answer = await server.call('POST', '/conversation/messages', 'ada', { text: 'gardening please' });
    expect(answer.status).toBe(202);
    await expect.poll(async () => (await jobs()).map((job) => job.status), { timeout: 20_000 }).toEqual(['done']);
    const conversation = await server.call('GET', '/conversation', 'ada');
    const roles = (conversation.body.messages as Array<{ role: string }>).map((message) => message.role);
    expect(roles).toEqual(['user', 'assistant']);
  });

  it('while the provider refuses the status: the message is committed (202), the status sent later by the relay', async () => {
    await server.drained();
    emulator.failNextHttp(1_000, 500);
    try {
      const answer = await server.call('POST', '/conversation/messages', 'grace', { text: 'running?' });
      expect(answer.status).toBe(202);
      expect((answer.body.message as { content: string }).content).toBe('running?');
      await server.relay.wake();
      expect(await server.outbox.pending()).toBe(1);
    } finally {
      emulator.failNextHttp(0);
    }
    await server.drained();
    const conversation = await server.call('GET', '/conversation', 'grace');
    expect((conversation.body.messages as Array<{ content: string }>).map((message) => message.content)).toContain('running?');
  });
});
