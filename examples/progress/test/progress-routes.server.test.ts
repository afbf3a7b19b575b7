/**
 * The progress routes against a real publisher on the Pusher emulator, with the transactional
 * outbox and its relay. With the emulator refusing every publish, completing a lesson still
 * commits (202) — records and messages in one transaction — and the relay sends the messages once
 * the provider is back (a failed send used to be reported as 400 INVALID_LESSON, blaming the
 * caller, then as 502); a lesson outside the kit is still a 400 before anything is written, and
 * the records are in PostgreSQL (PGlite here).
 */
import { pusherPublisher } from '@switchboard/pusher';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { startBackend } from '@switchboard-example/kit/testing/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressExample } from '../src/index.js';

describe('progress routes', () => {
  let emulator: Awaited<ReturnType<typeof startPusherEmulator>>;
  let server: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    emulator = await startPusherEmulator({ appId: 'progress-test', key: 'progress-key', secret: 'progress-secret' });
    server = await startBackend(progressExample, (outbox) =>
      pusherPublisher({
        ...emulator.serverOptions(),
        outbox,
        retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 2_000 },
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  it('stores the records and answers 202 when the events are sent', async () => {
    const answer = await server.call('POST', '/lessons/711/complete', 'ada');
    expect(answer.status).toBe(202);
    const progress = await server.call('GET', '/progress', 'ada');
    expect(progress.body.lessons).toEqual([expect.objectContaining({ lessonId: 711, isCompleted: true })]);
    expect(progress.body.kitProgress).toEqual(expect.objectContaining({ completedLessonsCount: 1, totalLessonsCount: 7 }));
    await server.drained();
    const accepted = emulator.requests().filter((request) => request.method === 'POST' && request.status === 200);
    expect(accepted.length, JSON.stringify(emulator.requests())).toBeGreaterThan(0);
  });

  it('while the provider refuses the events: committed (202, not 400 INVALID_LESSON), sent later by the relay', async () => {
    await server.drained();
    const sent = () => emulator.requests().filter((request) => request.method === 'POST' && request.status === 200).length;
    const before = sent();
    emulator.failNextHttp(1_000, 500);
    try {
      const answer = await server.call('POST', '/lessons/712/complete', 'ada');
      expect(answer.status).toBe(202);
      await server.relay.wake();
      // The lesson, level and kit records' three messages wait in the outbox.
      expect(await server.outbox.pending()).toBe(3);
      expect(sent()).toBe(before);
    } finally {
      emulator.failNextHttp(0);
    }
    const progress = await server.call('GET', '/progress', 'ada');
    expect(progress.body.lessons).toEqual(expect.arrayContaining([expect.objectContaining({ lessonId: 712, isCompleted: true })]));
    await server.drained();
    expect(sent()).toBeGreaterThan(before);
  });

  it('answers 400 INVALID_LESSON for a lesson outside the kit, and writes nothing', async () => {
    const answer = await server.call('POST', '/lessons/999/complete', 'grace');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual(expect.objectContaining({ code: 'INVALID_LESSON' }));
    expect((await server.call('GET', '/progress', 'grace')).body.lessons).toEqual([]);
  });
});
