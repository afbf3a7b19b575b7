/**
 * docs/migrations/strapi-lifecycle-hooks.md, "after", run as written on the Ably emulator: the CMS's
 * `publisherFromEnv()` (strapi-realtime.ts), the lifecycle hooks (strapi-lifecycles.ts) and the
 * learner's page (strapi-frontend.ts, its `/api/realtime` on the app's server). A hook's update
 * reaches the page; a payload the catalog refuses is thrown from the hook, naming the field; a
 * refused publish is logged through `strapi.log.error` and rethrown, not lost silently.
 */
import { createAuthHandler } from '@switchboard/core/auth';
import { authorizerFromEnv, RealtimeError } from '@switchboard/core/server';
import { progressAccess } from '@switchboard/schemas/access';
import { progress } from '@switchboard/schemas/progress';
import { createHub } from '@switchboard/socket-io';
import { Collector } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LifecycleEvent, UserLessonRecord } from '../../snippets/your-app/strapi.js';
import { type AppServer, actAsPageOf, type Provider, sessionUser, startAbly, startApp, useEnv } from './harness.js';

const strapiLog = vi.hoisted(() => ({ error: vi.fn() }));
vi.mock('../../snippets/your-app/strapi.js', () => ({ strapi: { log: strapiLog } }));

let ably: Provider & Awaited<ReturnType<typeof startAbly>>;
let app: AppServer;
const undo: Array<() => void> = [];
let hooks: typeof import('../../snippets/migrations/strapi-lifecycles.js').default;
let followProgress: typeof import('../../snippets/migrations/strapi-frontend.js').followProgress;
let publisher: typeof import('../../snippets/migrations/strapi-realtime.js').publisher;

beforeAll(async () => {
  ably = await startAbly();
  undo.push(useEnv(ably.env));
  // The auth endpoint the guide points to (authorization.md): the catalog's owner-only rule, the same variables.
  const realtimeAuth = createAuthHandler({
    authenticate: sessionUser,
    channels: [progress],
    rules: [progressAccess],
    authorizer: await authorizerFromEnv(),
  });
  app = await startApp({ '/api/realtime': realtimeAuth });
  undo.push(actAsPageOf(app.origin, 'session=42'));
  ({ default: hooks } = await import('../../snippets/migrations/strapi-lifecycles.js'));
  ({ followProgress } = await import('../../snippets/migrations/strapi-frontend.js'));
  ({ publisher } = await import('../../snippets/migrations/strapi-realtime.js'));
});

afterAll(async () => {
  await publisher?.close();
  await app?.close();
  await ably?.close();
  for (const step of undo.reverse()) step();
});

const lesson = (overrides: Partial<UserLessonRecord> = {}): LifecycleEvent<UserLessonRecord> => ({
  result: {
    documentId: 'doc-7',
    user: { id: 42 },
    lesson: 7,
    is_completed: true,
    completion_date: '2026-01-05T10:00:00.000Z',
    ...overrides,
  },
});

describe('strapi-lifecycle-hooks.md after: hooks publish, the learner’s page receives', () => {
  // One page, subscribed for the whole file (as the learner's app stays open).
  const lessons = new Collector<{ lessonId: number | string; isCompleted: boolean }>();
  const refetch = vi.fn();
  beforeAll(async () => {
    const view = {
      lessonChanged: (lessonId: number | string, isCompleted: boolean) => lessons.push({ lessonId, isCompleted }),
      kitChanged: () => {},
    };
    await followProgress(42, view, refetch).ready;
  });

  it('afterCreate and afterUpdate reach the learner’s page through the Ably emulator', async () => {
    await hooks.afterCreate(lesson({ is_completed: false, completion_date: null }));
    await hooks.afterUpdate(lesson());

    expect(await lessons.toHave(2)).toEqual([
      { lessonId: 7, isCompleted: false },
      { lessonId: 7, isCompleted: true },
    ]);
    expect(strapiLog.error).not.toHaveBeenCalled();
    expect(refetch).not.toHaveBeenCalled();
    expect(app.failures).toEqual([]);
  });

  it('a payload the catalog refuses is thrown from the hook, naming the field, and nothing is sent', async () => {
    const refused = await hooks.afterUpdate(lesson({ completion_date: 'yesterday' })).catch((error: unknown) => error);

    expect(RealtimeError.isInstance(refused, 'VALIDATION_FAILED')).toBe(true);
    expect((refused as Error).message).toContain('completionDate');
    await hooks.afterUpdate(lesson({ lesson: 8 }));
    expect(await lessons.toHave(3)).toContainEqual({ lessonId: 8, isCompleted: true });
    expect(lessons.items).toHaveLength(3);
  });

  it('a publish the provider refuses is logged through strapi.log.error and rethrown, so the write fails visibly', async () => {
    ably.emulator.failNextRest(1, 401); // e.g. a revoked key: not retried
    await expect(hooks.afterUpdate(lesson({ lesson: 9 }))).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'UNAUTHORIZED'));
    expect(strapiLog.error).toHaveBeenCalledWith(
      'progress update not delivered',
      expect.objectContaining({ event: 'lesson:updated', userId: 42, error: expect.objectContaining({ name: 'RealtimeError' }) }),
    );
  });

  it('another learner’s page is refused the channel (the catalog’s owner-only rule)', async () => {
    vi.resetModules();
    undo.push(actAsPageOf(app.origin, 'session=7'));
    const otherPage = await import('../../snippets/migrations/strapi-frontend.js');
    const refused = await otherPage
      .followProgress(42, { lessonChanged: () => {}, kitChanged: () => {} }, () => {})
      .ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
  });
});

describe('strapi-lifecycle-hooks.md after, with REALTIME_PROVIDER=socket-io (a self-hosted hub)', () => {
  const secret = 'a-hub-secret-of-at-least-32-bytes-for-tests';
  let hub: ReturnType<typeof createHub>;
  let hubApp: AppServer;
  const restore: Array<() => void> = [];
  beforeAll(async () => {
    hub = createHub({ channels: [progress], rules: [progressAccess], secret, host: '127.0.0.1', port: 0 });
    await hub.listen();
    vi.resetModules();
    restore.push(useEnv({ REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: hub.url, SOCKET_IO_SECRET: secret }));
    const realtimeAuth = createAuthHandler({
      authenticate: sessionUser,
      channels: [progress],
      rules: [progressAccess],
      authorizer: await authorizerFromEnv(),
    });
    hubApp = await startApp({ '/api/realtime': realtimeAuth });
    restore.push(actAsPageOf(hubApp.origin, 'session=42'));
  });
  afterAll(async () => {
    for (const step of restore.reverse()) step();
    await hubApp?.close();
    await hub?.close();
  });

  it('the same hooks and page deliver, nothing in them changed', async () => {
    const { default: hubHooks } = await import('../../snippets/migrations/strapi-lifecycles.js');
    const { followProgress: follow } = await import('../../snippets/migrations/strapi-frontend.js');
    const { publisher: hubPublisher } = await import('../../snippets/migrations/strapi-realtime.js');
    const lessons = new Collector<number | string>();
    await follow(42, { lessonChanged: (lessonId) => lessons.push(lessonId), kitChanged: () => {} }, () => {}).ready;

    await hubHooks.afterUpdate(lesson({ lesson: 11 }));

    expect(await lessons.toHave(1)).toEqual([11]);
    expect(hubApp.failures).toEqual([]);
    await hubPublisher.close();
  });
});
