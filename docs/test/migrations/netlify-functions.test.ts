/**
 * docs/migrations/netlify-functions.md, "after", run as written on the Ably emulator: each function's
 * default export mounted at its own `config.path` (as Netlify does), the shared publisher
 * (netlify-publisher.ts), and a browser subscribing through `/api/realtime` with its JWT as the
 * guide says (getting-started's `createSubscriber({ authEndpoint, authHeaders })`). The carrier's
 * webhook reaches the owner's inbox and notifications; another user is refused; stats report.
 */
import { createSubscriber, type RealtimeSubscriber } from '@switchboard/core/client';
import { smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import { Collector } from '@switchboard/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AppServer, actAsPageOf, type Route, startAbly, startApp, useEnv } from './harness.js';

const JWT_SECRET = 'netlify-jwt-secret-for-the-migration-test';

// The app's webhook check and database write: the carrier posts JSON naming the inbox's owner.
vi.mock('../../snippets/your-app/sms-store.js', () => ({
  storeInboundSms: async (request: Request) => {
    const body = (await request.json()) as { to: string; from: string; text: string; owner: string; contact: string };
    return { id: `sms-${body.text.length}`, userId: body.owner, contactId: body.contact, phoneNumberId: 'pn-1', ...body };
  },
}));

type NetlifyFunction = { default: Route; config: { path: string } };

// The guide's login tokens name the user in a `userId` claim (the auth function maps it).
const token = (userId: string) =>
  new SignJWT({ userId }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(JWT_SECRET));

let ably: Awaited<ReturnType<typeof startAbly>>;
let app: AppServer;
const undo: Array<() => void> = [];
const pages: RealtimeSubscriber[] = [];

/** A page of the SMS inbox, signed in as `userId`. */
function page(userId: string): RealtimeSubscriber {
  const subscriber = createSubscriber({
    authEndpoint: '/api/realtime',
    authHeaders: async () => ({ authorization: `Bearer ${await token(userId)}` }),
    adapters: { ably: () => import('@switchboard/ably/subscriber') },
  });
  pages.push(subscriber);
  return subscriber;
}

beforeAll(async () => {
  ably = await startAbly();
  undo.push(useEnv({ ...ably.env, JWT_SECRET }));
  const functions = await Promise.all([
    import('../../snippets/migrations/netlify-realtime.js'),
    import('../../snippets/migrations/netlify-inbound-sms.js'),
    import('../../snippets/migrations/netlify-health.js'),
  ]);
  app = await startApp(Object.fromEntries((functions as NetlifyFunction[]).map((fn) => [fn.config.path, fn.default])));
  undo.push(actAsPageOf(app.origin));
});

afterAll(async () => {
  await Promise.all(pages.map((subscriber) => subscriber.close()));
  const { publisher } = await import('../../snippets/migrations/netlify-publisher.js');
  await publisher.close();
  await app?.close();
  await ably?.close();
  for (const step of undo.reverse()) step();
});

describe('netlify-functions.md after: the functions as Netlify mounts them, on the Ably emulator', () => {
  it('the carrier’s webhook reaches the owner’s conversation and notifications', async () => {
    const inbox = page('42');
    const messages = new Collector<{ text: string; direction: string }>();
    const notifications = new Collector<{ preview: string; from: string }>();
    await Promise.all([
      inbox.subscribe(smsConversation({ userId: '42', contactId: 'c-1' }), 'message', messages.push).ready,
      inbox.subscribe(smsNotifications({ userId: '42' }), 'sms_received', notifications.push).ready,
    ]);

    const answer = await fetch('/api/sms/inbound', {
      method: 'POST',
      body: JSON.stringify({ owner: '42', contact: 'c-1', from: '+15550001', to: '+15550002', text: 'Running late' }),
    });

    expect(answer.status).toBe(204);
    expect((await messages.toHave(1))[0]).toMatchObject({ text: 'Running late', direction: 'inbound' });
    expect((await notifications.toHave(1))[0]).toMatchObject({ preview: 'Running late', from: '+15550001' });
    expect(app.failures).toEqual([]);
  });

  it('another user is refused the owner’s channels (403 with the reason), never handed the API key', async () => {
    const refused = await page('7')
      .subscribe(smsNotifications({ userId: '42' }), 'sms_received', () => {})
      .ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    const discovery = await (await fetch('/api/realtime', { headers: { authorization: `Bearer ${await token('7')}` } })).text();
    expect(discovery).not.toContain(ably.env.ABLY_API_KEY?.split(':')[1]);
  });

  it('realtime-stats answers the fields the guide’s stats had: 200 while the provider answers', async () => {
    const answer = await fetch('/api/realtime/stats');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'healthy',
      server: { initialized: true, connectionState: 'connected' },
      health: { status: 'healthy', provider: 'ably' },
    });
    expect(body.responseTime).toMatch(/^\d+ms$/);
  });

  it('refuses a token that names its user only in `sub`: the guide’s tokens carry `userId`', async () => {
    const subjectOnly = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('42')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const answer = await fetch('/api/realtime', {
      method: 'POST',
      headers: { authorization: `Bearer ${subjectOnly}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(401);
  });
});
