/**
 * docs/migrations/notify-partner-push.md, "after", run as written on the Ably emulator with the real
 * expo-server-sdk against the local Expo push stand-in: `notifyPartner` (notify-partner.ts) and the
 * route handler's `completeStage` (notify-partner-usage.ts). A partner present on the session
 * channel gets the event over realtime and the actor's own devices do not (`excludeUserId`); an absent one gets the catalog's push text on every device,
 * and a token Expo reports as unregistered reaches `database.deletePushToken`.
 */
import { createAuthHandler } from '@switchboard/core/auth';
import { createSubscriber, type RealtimeSubscriber } from '@switchboard/core/client';
import { authorizerFromEnv, publisherFromEnv } from '@switchboard/core/server';
import { sessionAccess } from '@switchboard/schemas/access';
import { session } from '@switchboard/schemas/sessions';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExpoPushStandIn } from '../../../packages/expo-push/test/expo-push-stand-in.js';
import { type AppServer, actAsPageOf, sessionUser, startAbly, startApp, useEnv } from './harness.js';

const app = vi.hoisted(() => ({
  participants: new Map([
    ['s-1', ['u-1', 'u-2']],
    ['s-2', ['u-1', 'u-3']],
  ]),
  tokens: new Map([
    ['u-2', ['ExponentPushToken[u2-phone]']],
    ['u-3', ['ExponentPushToken[u3-phone]', 'ExponentPushToken[u3-tablet]', 'ExponentPushToken[u3-old-phone]']],
  ]),
  deleted: [] as string[],
}));

vi.mock('../../snippets/your-app/database.js', () => ({
  database: {
    sessionParticipants: async (sessionId: string) => app.participants.get(sessionId) ?? [],
    pushTokensOf: async (userId: string) => app.tokens.get(userId) ?? [],
    deletePushToken: async (token: string) => void app.deleted.push(token),
    isConversationOwner: async () => false,
  },
}));

const expo = new ExpoPushStandIn();
let ably: Awaited<ReturnType<typeof startAbly>>;
let server: AppServer;
let partner: RealtimeSubscriber;
const undo: Array<() => void> = [];
let guide: typeof import('../../snippets/migrations/notify-partner.js');
let usage: typeof import('../../snippets/migrations/notify-partner-usage.js');

beforeAll(async () => {
  ably = await startAbly();
  // expo-server-sdk reads EXPO_BASE_URL once, when the guide's module first imports it.
  undo.push(useEnv({ ...ably.env, EXPO_BASE_URL: await expo.listen() }));
  const { database } = await import('../../snippets/your-app/database.js');
  const realtimeAuth = createAuthHandler({
    authenticate: sessionUser,
    channels: [session],
    rules: [sessionAccess(async (userId, sessionId) => (await database.sessionParticipants(sessionId)).includes(userId))],
    authorizer: await authorizerFromEnv(),
  });
  server = await startApp({ '/api/realtime': realtimeAuth });
  undo.push(actAsPageOf(server.origin, 'session=u-2')); // the partner's app is signed in as u-2
  guide = await import('../../snippets/migrations/notify-partner.js');
  usage = await import('../../snippets/migrations/notify-partner-usage.js');
  partner = createSubscriber({ authEndpoint: '/api/realtime', adapters: { ably: () => import('@switchboard/ably/subscriber') } });
});

const actorDevices: RealtimeSubscriber[] = [];
/** One of the actor's (u-1's) apps: its credential requests carry u-1's session. */
const actorDevice = () => {
  const device = createSubscriber({
    authEndpoint: '/api/realtime',
    authHeaders: { cookie: 'session=u-1' },
    adapters: { ably: () => import('@switchboard/ably/subscriber') },
  });
  actorDevices.push(device);
  return device;
};

afterAll(async () => {
  await Promise.all(actorDevices.map((device) => device.close()));
  await partner?.close();
  await server?.close();
  await ably?.close();
  await expo.close();
  for (const step of undo.reverse()) step();
});

describe('notify-partner-push.md after: presence decides, Expo push is the fallback', () => {
  it('a partner present on the session channel gets completeStage’s event over realtime, none of the actor’s devices do, and no push', async () => {
    const events = new Collector<{ userId: string; stage: number }>();
    await partner.subscribe(session({ sessionId: 's-1' }), 'partner.stage_completed', events.push).ready;
    // The actor (u-1) has the session open on two devices.
    const atActor = new Collector<unknown>();
    for (const device of [actorDevice(), actorDevice()]) {
      await device.subscribe(session({ sessionId: 's-1' }), 'partner.stage_completed', atActor.push).ready;
    }
    await partner.presence(session({ sessionId: 's-1' })).enter({ name: 'Sam' });
    // Wait until the server sees the partner (the query notify makes), with a publisher of its own.
    const observer = publisherFromEnv();
    await waitFor(() => observer.presence(session({ sessionId: 's-1' })).isPresent('u-2'), 10_000, 'u-2 present on s-1');
    await observer.close();

    await usage.completeStage('s-1', 'u-1', 'u-2', 2);

    expect((await events.toHave(1))[0]).toMatchObject({ userId: 'u-1', stage: 2 });
    expect(expo.received).toEqual([]);
    await quietPeriod(300);
    expect(atActor.items).toEqual([]);
  });

  it('an absent partner gets the catalog’s push text on every device; an unregistered token is deleted', async () => {
    expo.setFate('ExponentPushToken[u3-old-phone]', 'ticket:DeviceNotRegistered');

    const result = await guide.notifyPartner('s-2', 'u-3', 'partner.stage_completed', {
      userId: 'u-1',
      stage: 3,
      timestamp: new Date().toISOString(),
    });

    expect(result).toMatchObject({ route: 'fallback', delivered: true });
    expect(expo.received.map((push) => push.to).sort()).toEqual([
      'ExponentPushToken[u3-old-phone]',
      'ExponentPushToken[u3-phone]',
      'ExponentPushToken[u3-tablet]',
    ]);
    expect(expo.received[0]).toMatchObject({ title: 'Partner finished a stage', body: 'They completed stage 3. Check in when ready.' });
    await waitFor(() => app.deleted.includes('ExponentPushToken[u3-old-phone]'), 5_000, 'the dead token deleted');
    expect(app.deleted).toEqual(['ExponentPushToken[u3-old-phone]']);
  });

  it('a payload the catalog refuses is reported before anything is sent on either route', async () => {
    const before = expo.received.length;
    const outcome = await guide.notifyPartner('s-2', 'u-3', 'partner.stage_completed', { userId: 'u-1', stage: -1, timestamp: 'now' }).then(
      (result) => result,
      (error: unknown) => error,
    );
    expect(outcome).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(expo.received.length).toBe(before);
  });
});
