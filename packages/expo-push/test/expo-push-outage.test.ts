import { RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { session, setUp, token, useStandIn } from './fixtures.js';

const standIn = useStandIn();

async function duringOutage<T>(status: number, run: () => Promise<T>): Promise<T> {
  standIn.failWith(status);
  try {
    return await run();
  } finally {
    standIn.recover();
  }
}

describe('expo-push when the push service is down', () => {
  it('answers notify with a clear PROVIDER_UNAVAILABLE in the result, and realtime keeps working', async () => {
    const { notify, join, invalidTokens } = setUp({ bob: [token('bob')], alice: [token('alice')] });
    await join('alice');

    const offline = await duringOutage(500, () =>
      notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } }),
    );

    expect(offline).toMatchObject({ route: 'fallback', delivered: false, presence: 'absent' });
    expect(offline.error?.code).toBe('PROVIDER_UNAVAILABLE');
    expect(offline.error?.provider).toBe('expo-push');
    expect(offline.error?.retriable).toBe(true);
    expect(offline.error?.details).toEqual({ action: 'sending 1 push notification(s)', status: 500 });
    expect(offline.reason).toMatch(
      /^recipient offline; expo-push failed: Expo push service unavailable: sending 1 push notification\(s\) failed: /,
    );
    expect(invalidTokens).toEqual([]);

    // The realtime route does not depend on the push service.
    const online = await duringOutage(500, () =>
      notify({ channel: session({ sessionId: 's1' }), recipient: 'alice', event: 'partner:waiting', data: { name: 'B' } }),
    );
    expect(online).toMatchObject({ route: 'realtime', delivered: true });

    // And once the service is back, the same notifier pushes again.
    const afterwards = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'A' },
    });
    expect(afterwards).toMatchObject({ route: 'fallback', delivered: true });
  });

  it('throws the RealtimeError from deliver when called directly', async () => {
    const { fallback } = setUp({ bob: [token('bob')] });
    const delivery = duringOutage(503, () =>
      fallback.deliver({ recipient: 'bob', channel: session({ sessionId: 's1' }), event: 'partner:waiting', data: { name: 'A' } }),
    );
    await expect(delivery).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'PROVIDER_UNAVAILABLE'));
  });

  it('maps a 429 (after the SDK retried) to RATE_LIMITED and a 401 to UNAUTHORIZED', async () => {
    const { fallback } = setUp({ bob: [token('bob')] });
    const notification = { recipient: 'bob', channel: session({ sessionId: 's1' }), event: 'partner:waiting', data: { name: 'A' } };
    const requestsBefore = standIn.sendRequests.length;

    await expect(duringOutage(429, () => fallback.deliver(notification))).rejects.toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    await expect(duringOutage(401, () => fallback.deliver(notification))).rejects.toMatchObject({ code: 'UNAUTHORIZED', retriable: false });
    expect(standIn.sendRequests.length).toBe(requestsBefore);
  });
});
