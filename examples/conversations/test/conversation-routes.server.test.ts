/**
 * The conversation routes against a real publisher on the Pusher emulator, with the worker
 * process publishing there too. When the provider refuses the `searching` status, the route
 * answers 502 PUBLISH_FAILED with the saved message (it used to reject with an unhandled error
 * after the message was stored); the message and its job are in PostgreSQL (PGlite here), and the
 * worker's answer and the job's outcome are recorded when it reports back.
 */
import { pusherPublisher } from '@switchboard/pusher';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationsExample } from '../src/index.js';

describe('conversation routes', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let publisher: ReturnType<typeof pusherPublisher>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'conversations-test', key: 'conversations-key', secret: 'conversations-secret' });
    const options = emulator.serverOptions();
    publisher = pusherPublisher({ ...options, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 } });
    server = await startBackend(createConversationsExample(), publisher, {
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
    await publisher?.close();
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

  it('answers 502 PUBLISH_FAILED with the saved message when the status cannot be sent', async () => {
    emulator.failNextHttp(2, 500);
    const answer = await server.call('POST', '/conversation/messages', 'grace', { text: 'running?' });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toEqual(expect.objectContaining({ code: 'PUBLISH_FAILED' }));
    expect((answer.body.saved as { message: { content: string } }).message.content).toBe('running?');
    const conversation = await server.call('GET', '/conversation', 'grace');
    expect((conversation.body.messages as Array<{ content: string }>).map((message) => message.content)).toContain('running?');
  });
});
