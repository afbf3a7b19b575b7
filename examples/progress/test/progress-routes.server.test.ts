/**
 * The progress routes against a real publisher on the Pusher emulator, with the emulator refusing
 * every publish: a failed send is a 502 PUBLISH_FAILED (it used to be reported as
 * 400 INVALID_LESSON, blaming the caller), a lesson outside the kit is still a 400 before anything
 * is written, and the records are in PostgreSQL (PGlite here).
 */
import { pusherPublisher } from '@switchboard/pusher';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressExample } from '../src/index.js';

describe('progress routes', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let publisher: ReturnType<typeof pusherPublisher>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'progress-test', key: 'progress-key', secret: 'progress-secret' });
    publisher = pusherPublisher({
      ...emulator.serverOptions(),
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 },
    });
    server = await startBackend(progressExample, publisher);
  });

  afterAll(async () => {
    await server?.close();
    await publisher?.close();
    await emulator?.close();
  });

  it('stores the records and answers 202 when the events are sent', async () => {
    const answer = await server.call('POST', '/lessons/711/complete', 'ada');
    expect(answer.status).toBe(202);
    const progress = await server.call('GET', '/progress', 'ada');
    expect(progress.body.lessons).toEqual([expect.objectContaining({ lessonId: 711, isCompleted: true })]);
    expect(progress.body.kitProgress).toEqual(expect.objectContaining({ completedLessonsCount: 1, totalLessonsCount: 7 }));
    const accepted = emulator.requests().filter((request) => request.method === 'POST' && request.status === 200);
    expect(accepted.length, JSON.stringify(emulator.requests())).toBeGreaterThan(0);
  });

  it('answers 502 PUBLISH_FAILED, not 400 INVALID_LESSON, when the provider refuses the events', async () => {
    emulator.failNextHttp(100, 500);
    try {
      const answer = await server.call('POST', '/lessons/712/complete', 'ada');
      expect(answer.status).toBe(502);
      expect(answer.body.error).toEqual(expect.objectContaining({ code: 'PUBLISH_FAILED' }));
    } finally {
      emulator.failNextHttp(0);
    }
  });

  it('answers 400 INVALID_LESSON for a lesson outside the kit, and writes nothing', async () => {
    const answer = await server.call('POST', '/lessons/999/complete', 'grace');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual(expect.objectContaining({ code: 'INVALID_LESSON' }));
    expect((await server.call('GET', '/progress', 'grace')).body.lessons).toEqual([]);
  });
});
