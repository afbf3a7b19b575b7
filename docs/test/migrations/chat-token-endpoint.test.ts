/**
 * docs/migrations/chat-token-endpoint.md, "after", run as written: the auth handler
 * (chat-realtime-auth.ts) mounted at `/api/chat/realtime`, the worker (chat-worker.ts) and the
 * browser's `openConversation` (chat-frontend.ts) with a Supabase-style JWT. On the Ably emulator
 * the worker's status reaches the page, a rewind brings what was said before the page opened, and
 * a conversation the user does not own is refused; then the guide's rollback, `REALTIME_PROVIDER=
 * socket-io` with a self-hosted hub, runs the same three files unchanged.
 */
import { createSubscriber } from '@switchboard/core/client';
import { conversationAccess } from '@switchboard/schemas/access';
import { conversation } from '@switchboard/schemas/conversations';
import { createHub } from '@switchboard/socket-io';
import { Collector } from '@switchboard/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getSupabaseAccessToken } from '../../snippets/your-app/supabase.js';
import { type AppServer, actAsPageOf, startAbly, startApp, useEnv } from './harness.js';

const JWT_SECRET = 'supabase-jwt-secret-for-the-migration-test';
const owners = new Map([
  ['conv-1', 'user-1'],
  ['conv-2', 'user-1'],
  ['conv-9', 'user-9'],
]);
const signedIn = vi.hoisted(() => ({ userId: 'user-1' }));

vi.mock('../../snippets/your-app/database.js', () => ({
  database: { isConversationOwner: async (userId: string, conversationId: string) => owners.get(conversationId) === userId },
}));
vi.mock('../../snippets/your-app/supabase.js', () => ({
  getSupabaseAccessToken: () =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(signedIn.userId)
      .setAudience('authenticated')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET)),
}));

type Frontend = typeof import('../../snippets/migrations/chat-frontend.js');
type Worker = typeof import('../../snippets/migrations/chat-worker.js');
type Auth = typeof import('../../snippets/migrations/chat-realtime-auth.js');

/** The guide's three files, imported afresh with `env` (a new deployment), the auth handler mounted at its path. */
async function deploy(env: Record<string, string>) {
  vi.resetModules();
  const restoreEnv = useEnv({ ...env, SUPABASE_JWT_SECRET: JWT_SECRET });
  const { chatRealtime } = (await import('../../snippets/migrations/chat-realtime-auth.js')) as Auth;
  const app: AppServer = await startApp({ '/api/chat/realtime': chatRealtime });
  const restoreFetch = actAsPageOf(app.origin);
  const worker = (await import('../../snippets/migrations/chat-worker.js')) as Worker;
  const frontend = (await import('../../snippets/migrations/chat-frontend.js')) as Frontend;
  return {
    app,
    worker,
    frontend,
    async close() {
      restoreFetch();
      restoreEnv();
      await app.close();
    },
  };
}

function ui() {
  const appended = new Collector<string>();
  const progress = new Collector<string>();
  return { appended, progress, view: { append: appended.push, progress: progress.push } };
}

describe('chat-token-endpoint.md after, on Ably (the emulator)', () => {
  let ably: Awaited<ReturnType<typeof startAbly>>;
  let deployment: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    ably = await startAbly();
    deployment = await deploy(ably.env);
  });
  afterAll(async () => {
    await deployment?.close();
    await ably?.close();
  });

  it('the worker’s status and completion reach the page of the conversation’s owner', async () => {
    const page = ui();
    await deployment.frontend.openConversation('conv-1', page.view).ready;

    await deployment.worker.reportSearching('conv-1', 3);
    await deployment.worker.finish('conv-1', 'goal-1', 5);

    expect(await page.progress.toHave(2)).toEqual(['Searching 3 sources…', 'Found 5 opportunities']);
    expect(deployment.app.failures).toEqual([]);
  });

  it('rewind: 20 brings the conversation’s recent messages to a page opened after them', async () => {
    await deployment.worker.reportSearching('conv-2', 4);
    const page = ui();
    await deployment.frontend.openConversation('conv-2', page.view).ready;
    expect(await page.progress.toHave(1)).toEqual(['Searching 4 sources…']);
  });

  it('a conversation the user does not own is refused (FORBIDDEN), not granted by a wildcard', async () => {
    const refused = await deployment.frontend
      .openConversation('conv-9', ui().view)
      .ready.catch((error: unknown) => error as { code?: string });
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('chat-token-endpoint.md after, rolled back with REALTIME_PROVIDER=socket-io (a self-hosted hub)', () => {
  const secret = 'a-hub-secret-of-at-least-32-bytes-for-tests';
  let hub: ReturnType<typeof createHub>;
  let deployment: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    const { database } = await import('../../snippets/your-app/database.js');
    hub = createHub({
      channels: [conversation],
      rules: [conversationAccess((userId, conversationId) => database.isConversationOwner(userId, conversationId))],
      secret,
      host: '127.0.0.1',
      port: 0,
    });
    await hub.listen();
    deployment = await deploy({ REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: hub.url, SOCKET_IO_SECRET: secret });
  });
  afterAll(async () => {
    await deployment?.close();
    await hub?.close();
  });

  it('the same worker and auth handler deliver through the hub, to a page subscribing without rewind', async () => {
    const discovery = (await (await fetch('/api/chat/realtime')).json()) as { provider: string };
    expect(discovery.provider).toBe('socket-io');
    const page = createSubscriber({
      authEndpoint: '/api/chat/realtime',
      authHeaders: async () => ({ authorization: `Bearer ${await getSupabaseAccessToken()}` }),
      adapters: { 'socket-io': () => import('@switchboard/socket-io/subscriber') },
    });
    const statuses = new Collector<string>();
    await page.subscribe(conversation({ conversationId: 'conv-1' }), 'complete', (done) => statuses.push(done.goalId)).ready;

    await deployment.worker.finish('conv-1', 'goal-2', 2);

    expect(await statuses.toHave(1)).toEqual(['goal-2']);
    expect(deployment.app.failures).toEqual([]);
    await page.close();
  });

  it('the page as written (rewind: 20) is refused at once on the hub, naming the missing capability, as the guide says', async () => {
    const opened = Promise.resolve().then(() => deployment.frontend.openConversation('conv-1', ui().view).ready);
    await expect(opened).rejects.toMatchObject({ code: 'UNSUPPORTED', details: { capability: 'history' } });
  });
});
