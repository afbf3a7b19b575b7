import { createNotifier, createPublisher, createSubscriber } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { sessionAccess } from '@switchboard/schemas/access';
import { type SessionEventName, session, sessionPushMessages } from '@switchboard/schemas/sessions';
import { afterEach, describe, expect, it } from 'vitest';
import { expoPushFallback } from '../src/index.js';
import { token, useStandIn } from './fixtures.js';

const standIn = useStandIn();
const participants: Record<string, string[]> = { 'session-1': ['ana', 'ben'] };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function sessionNotifier() {
  const hub = new MemoryHub({ rules: [sessionAccess((userId, sessionId) => participants[sessionId]?.includes(userId) ?? false)] });
  const fallback = expoPushFallback({
    getPushTokens: (userId) => [token(`${userId}-phone`)],
    // The catalog's title and body per event; events without one would not be pushed.
    message: (event, data) => sessionPushMessages[event as SessionEventName]?.(data as never),
    onInvalidToken: () => {},
  });
  return { hub, ...createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback }) };
}

describe('expo-push with the sessions catalog', () => {
  it('pushes the catalog title and body to the absent partner', async () => {
    const { hub, notify } = sessionNotifier();
    const ana = createSubscriber({ provider: 'memory', hub, user: { id: 'ana' } });
    closers.push(() => ana.close());
    await ana.presence(session({ sessionId: 'session-1' })).enter({ name: 'Ana' });
    const data = { userId: 'ana', timestamp: '2025-03-01T10:00:00.000Z', stage: 2 };

    const result = await notify({ channel: session({ sessionId: 'session-1' }), recipient: 'ben', event: 'partner.stage_completed', data });

    expect(result).toMatchObject({ route: 'fallback', reason: 'recipient offline', delivered: true });
    expect(hub.accepted).toEqual([]);
    expect(standIn.received.filter((push) => push.to === token('ben-phone'))).toEqual([
      {
        to: token('ben-phone'),
        title: 'Partner finished a stage',
        body: 'They completed stage 2. Check in when ready.',
        data: { channel: 'beheard:session:session-1', event: 'partner.stage_completed' },
      },
    ]);
  });

  it('reaches the present partner in realtime with the same call', async () => {
    const { hub, notify } = sessionNotifier();
    const ben = createSubscriber({ provider: 'memory', hub, user: { id: 'ben' } });
    closers.push(() => ben.close());
    await ben.presence(session({ sessionId: 'session-1' })).enter({});
    const pushesBefore = standIn.received.length;

    const result = await notify({
      channel: session({ sessionId: 'session-1' }),
      recipient: 'ben',
      event: 'session.paused',
      data: { userId: 'ana', timestamp: '2025-03-01T10:00:00.000Z' },
    });

    expect(result).toMatchObject({ route: 'realtime', delivered: true });
    expect(hub.accepted.map((envelope) => envelope.event)).toEqual(['session.paused']);
    expect(standIn.received.length).toBe(pushesBefore);
  });
});
