// @vitest-environment jsdom
/**
 * docs/migrations/nextjs-pusher-comments.md, "after", run as written on the Pusher emulator: the
 * route handler (comments-route.ts) mounted at its Next.js path, and the client component
 * (comment-section.tsx) rendered with React into a DOM (jsdom) under a `RealtimeProvider` whose
 * subscriber asks `/api/realtime` which provider runs. A comment posted by another tab appears in
 * the reader's section; the author's own tab is skipped through `x-realtime-connection`; then the
 * guide's switch, `REALTIME_PROVIDER=socket-io`, runs the same two files on a hub.
 */
import { createAuthHandler } from '@switchboard/core/auth';
import { createSubscriber, type RealtimeSubscriber } from '@switchboard/core/client';
import { authorizerFromEnv } from '@switchboard/core/server';
import { type Comment, chapterComments } from '@switchboard/schemas/comments';
import { createHub } from '@switchboard/socket-io';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppServer, actAsPageOf, type Provider, sessionUser, startApp, startPusher, useEnv } from './harness.js';

vi.mock('../../snippets/your-app/session.js', async () => ({ currentUser: async (request: Request) => sessionUser(request) }));
vi.mock('../../snippets/your-app/comments-database.js', () => ({
  saveComment: async (input: { text: string; parentId?: string; chapterId: string; author: { id: string } }): Promise<Comment> => {
    const now = new Date().toISOString();
    return {
      id: `comment-${input.text.length}-${Math.random().toString(36).slice(2, 8)}`,
      text: input.text,
      author: { id: input.author.id, name: `User ${input.author.id}` },
      chapterId: input.chapterId,
      parentId: input.parentId ?? null,
      createdAt: now,
      updatedAt: now,
    };
  },
}));

const ROUTE = '/api/courses/:courseId/chapters/:chapterId/comments';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app deployed with `env`: the guide's route at its Next.js path and the auth endpoint it links to. */
async function deploy(env: Record<string, string>): Promise<AppServer> {
  vi.resetModules();
  cleanups.push(useEnv(env));
  const { POST } = await import('../../snippets/migrations/comments-route.js');
  const realtimeAuth = createAuthHandler({ authenticate: sessionUser, channels: [chapterComments], authorizer: await authorizerFromEnv() });
  const app = await startApp({
    '/api/realtime': realtimeAuth,
    [ROUTE]: (request, params) => POST(request, { params: { chapterId: params.chapterId ?? '' } }),
  });
  cleanups.push(() => app.close());
  cleanups.push(actAsPageOf(app.origin, 'session=author-1'));
  return app;
}

/** A tab of the app: the subscriber its layout's RealtimeProvider would create. */
function tab(): RealtimeSubscriber {
  const subscriber = createSubscriber({
    authEndpoint: '/api/realtime',
    adapters: {
      pusher: () => import('@switchboard/pusher/subscriber'),
      'socket-io': () => import('@switchboard/socket-io/subscriber'),
    },
  });
  cleanups.push(() => subscriber.close());
  return subscriber;
}

/** The reader's page: `<CommentSection>` rendered under a provider; resolves once its channel is live. */
async function renderSection(chapterId: string): Promise<HTMLElement> {
  // Imported with the component: after vi.resetModules, one copy of the React context for both.
  const { RealtimeProvider } = await import('@switchboard/react');
  const { CommentSection } = await import('../../snippets/migrations/comment-section.js');
  const subscriber = tab();
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  root.render(
    createElement(
      RealtimeProvider,
      { subscriber },
      createElement(CommentSection, { chapterId, initialComments: [], reload: async () => [] }),
    ),
  );
  cleanups.push(() => root.unmount());
  // Hooks on one channel share one provider subscription: once this one is confirmed, the section's is live.
  await subscriber.subscribe(chapterComments({ chapterId }), 'comment:new', () => {}).ready;
  return container;
}

async function postComment(chapterId: string, text: string, headers: Record<string, string> = {}): Promise<Comment> {
  const answer = await fetch(`/api/courses/c-1/chapters/${chapterId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ text }),
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Comment;
}

async function readerSeesAndAuthorIsSkipped(chapterId: string): Promise<void> {
  const section = await renderSection(chapterId);
  const author = tab();
  const ownTab = new Collector<unknown>();
  await author.subscribe(chapterComments({ chapterId }), 'comment:new', ownTab.push).ready;
  const connection = author.connectionId;
  expect(connection).toBeTruthy();

  await postComment(chapterId, 'Great chapter!', { 'x-realtime-connection': connection ?? '' });

  await waitFor(() => section.textContent?.includes('Great chapter!') ?? false, 10_000, 'the comment in the reader’s section');
  await quietPeriod(300);
  expect(ownTab.items).toEqual([]);
  // Without the header the same tab does receive: the skip above is the exclusion, not a dead subscription.
  await postComment(chapterId, 'Second thought');
  expect(await ownTab.toHave(1)).toMatchObject([{ comment: { text: 'Second thought' } }]);
}

describe('nextjs-pusher-comments.md after', () => {
  it('on Pusher (the emulator): a posted comment appears in another reader’s section; the author’s tab is skipped', async () => {
    const pusher: Provider = await startPusher();
    cleanups.push(() => pusher.close());
    const app = await deploy(pusher.env);
    await readerSeesAndAuthorIsSkipped('ch-1');
    expect(app.failures).toEqual([]);
  });

  it('switched with REALTIME_PROVIDER=socket-io (a hub): the same route and component, nothing else changed', async () => {
    const secret = 'a-hub-secret-of-at-least-32-bytes-for-tests';
    const hub = createHub({ channels: [chapterComments], secret, host: '127.0.0.1', port: 0 });
    await hub.listen();
    cleanups.push(() => hub.close());
    const app = await deploy({ REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: hub.url, SOCKET_IO_SECRET: secret });
    await readerSeesAndAuthorIsSkipped('ch-2');
    expect(app.failures).toEqual([]);
  });
});
