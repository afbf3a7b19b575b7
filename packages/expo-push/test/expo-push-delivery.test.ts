import { RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { expoPushFallback } from '../src/index.js';
import { session, setUp, token, useStandIn } from './fixtures.js';

const standIn = useStandIn();

describe('expo-push fallback through notify', () => {
  it('reaches an online recipient in realtime only: the push service hears nothing', async () => {
    const sent = standIn.sendRequests.length;
    const { notify, join, tokenLookups, hub } = setUp({ bob: [token('bob')] });
    await join('bob');

    const result = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'Alice' },
    });

    expect(result).toMatchObject({ route: 'realtime', reason: 'recipient present', delivered: true });
    expect(hub.accepted).toHaveLength(1);
    expect(standIn.sendRequests.length).toBe(sent);
    expect(tokenLookups).toEqual([]);
  });

  it('pushes to an offline recipient and publishes nothing', async () => {
    const { notify, join, hub } = setUp({ bob: [token('bob-offline')] });
    await join('alice');

    const result = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'Alice' },
    });

    expect(result).toMatchObject({ route: 'fallback', reason: 'recipient offline', delivered: true, fallback: 'expo-push' });
    expect(hub.accepted).toEqual([]);
    const pushed = standIn.received.filter((push) => push.to === token('bob-offline'));
    expect(pushed).toEqual([
      {
        to: token('bob-offline'),
        title: 'Your partner is waiting',
        body: 'Alice joined partner:waiting',
        data: { channel: 'push:session:s1', event: 'partner:waiting' },
      },
    ]);
    const receiptId = result.fallbackResult?.receipts[0]?.receiptId;
    expect(receiptId).toMatch(/^receipt-/);
    expect(result.fallbackResult?.tokens).toEqual([{ token: token('bob-offline'), status: 'sent', receiptId }]);
  });

  it('sends one notification per device and keeps the data the message function gives', async () => {
    const phones = [token('phone-1'), token('phone-2'), token('phone-1')];
    const { notify } = setUp(
      { bob: phones },
      { message: (_event, data) => ({ title: 'Hi', body: 'Waiting', data: { screen: 'session', who: (data as { name: string }).name } }) },
    );

    const result = await notify({
      channel: session({ sessionId: 's2' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'Ann' },
    });

    expect(result.fallbackResult?.tokens.map((outcome) => outcome.status)).toEqual(['sent', 'sent']);
    const pushed = standIn.received.filter((push) => push.to === token('phone-1') || push.to === token('phone-2'));
    expect(pushed.map((push) => push.to).sort()).toEqual([token('phone-1'), token('phone-2')]);
    expect(pushed.every((push) => JSON.stringify(push.data) === JSON.stringify({ screen: 'session', who: 'Ann' }))).toBe(true);
  });

  it('reports DeviceNotRegistered in a ticket through the callback, without throwing, and still delivers to the other device', async () => {
    standIn.setFate(token('gone'), 'ticket:DeviceNotRegistered');
    const { notify, invalidTokens } = setUp({ bob: [token('gone'), token('alive')] });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } });

    expect(result).toMatchObject({ route: 'fallback', delivered: true });
    expect(invalidTokens).toEqual([
      {
        token: token('gone'),
        details: {
          reason: 'DeviceNotRegistered',
          source: 'ticket',
          userId: 'bob',
          message: `"${token('gone')}" failed: DeviceNotRegistered`,
        },
      },
    ]);
    expect(result.fallbackResult?.tokens.find((outcome) => outcome.token === token('gone'))).toEqual({
      token: token('gone'),
      status: 'invalid',
      error: 'DeviceNotRegistered',
    });
  });

  it('reports malformed tokens without sending them, and explains when nothing could be sent', async () => {
    const sentBefore = standIn.received.length;
    standIn.setFate(token('throttled'), 'ticket:MessageRateExceeded');
    const { notify, invalidTokens } = setUp({ bob: ['not-a-token', token('throttled')] });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } });

    expect(invalidTokens).toEqual([{ token: 'not-a-token', details: { reason: 'malformed', source: 'token-check', userId: 'bob' } }]);
    expect(standIn.received.slice(sentBefore).map((push) => push.to)).toEqual([token('throttled')]);
    expect(result).toMatchObject({ route: 'fallback', delivered: false });
    expect(result.reason).toBe(
      'recipient offline; expo-push delivered nothing: no device accepted the notification (malformed, MessageRateExceeded)',
    );
  });

  it('records an onInvalidToken that throws instead of failing the delivery', async () => {
    const { notify } = setUp(
      { bob: ['broken'] },
      {
        onInvalidToken: () => {
          throw new Error('database down');
        },
      },
    );
    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } });

    expect(result.error).toBeUndefined();
    expect(result.fallbackResult?.tokens[0]?.callbackError).toEqual(new Error('database down'));
  });

  it('skips events without a push message and users without devices, asking for nothing', async () => {
    const sentBefore = standIn.sendRequests.length;
    const silent = setUp({ bob: [token('bob')] }, { message: () => undefined });
    const noMessage = await silent.notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'A' },
    });
    expect(noMessage.reason).toBe('recipient offline; expo-push delivered nothing: no push message for "partner:waiting"');
    expect(silent.tokenLookups).toEqual([]);

    const { notify } = setUp({});
    const noDevice = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'carol',
      event: 'partner:waiting',
      data: { name: 'A' },
    });
    expect(noDevice).toMatchObject({ delivered: false, fallbackResult: { delivered: false, reason: 'recipient has no push tokens' } });
    expect(standIn.sendRequests.length).toBe(sentBefore);
  });

  it('refuses options without the callbacks it needs', () => {
    const base = { getPushTokens: () => [], message: () => undefined, onInvalidToken: () => {} };
    for (const missing of ['getPushTokens', 'message', 'onInvalidToken'] as const) {
      const options = { ...base, [missing]: undefined } as never;
      expect(() => expoPushFallback(options)).toThrow(new RegExp(`needs a ${missing} function`));
      try {
        expoPushFallback(options);
      } catch (error) {
        expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
      }
    }
  });
});
