import { describe, expect, it } from 'vitest';
import { session, setUp, token, useStandIn } from './fixtures.js';

const standIn = useStandIn();

describe('expo-push receipts and chunking', () => {
  it('reports DeviceNotRegistered in a receipt through the callback and forgets answered receipts', async () => {
    standIn.setFate(token('uninstalled'), 'receipt:DeviceNotRegistered');
    const { notify, fallback, invalidTokens } = setUp({ bob: [token('uninstalled'), token('installed')] });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } });
    expect(result.fallbackResult?.tokens.map((outcome) => outcome.status)).toEqual(['sent', 'sent']);
    expect(invalidTokens).toEqual([]);

    const receipts = await fallback.checkReceipts();

    const [gone, kept] = result.fallbackResult?.receipts ?? [];
    expect(receipts.ok).toEqual([kept?.receiptId]);
    expect(receipts.pending).toEqual([]);
    expect(receipts.failed).toEqual([
      {
        receiptId: gone?.receiptId,
        token: token('uninstalled'),
        userId: 'bob',
        error: 'DeviceNotRegistered',
        message: `"${token('uninstalled')}" is not a registered push notification recipient`,
      },
    ]);
    expect(invalidTokens).toEqual([
      {
        token: token('uninstalled'),
        details: {
          reason: 'DeviceNotRegistered',
          source: 'receipt',
          userId: 'bob',
          message: `"${token('uninstalled')}" is not a registered push notification recipient`,
          receiptId: gone?.receiptId,
        },
      },
    ]);

    const requestsBefore = standIn.receiptRequests.length;
    expect(await fallback.checkReceipts()).toEqual({ ok: [], failed: [], pending: [] });
    expect(standIn.receiptRequests.length).toBe(requestsBefore);
  });

  it('checks stored receipts by id in a later process, naming the token from the receipt', async () => {
    standIn.setFate(token('later'), 'receipt:DeviceNotRegistered');
    const first = setUp({ bob: [token('later')] });
    const sent = await first.notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'A' },
    });
    const receiptId = sent.fallbackResult?.receipts[0]?.receiptId as string;

    const later = setUp({});
    const receipts = await later.fallback.checkReceipts([receiptId, 'receipt-unknown']);

    expect(receipts.pending).toEqual(['receipt-unknown']);
    expect(receipts.failed).toMatchObject([{ receiptId, token: token('later'), error: 'DeviceNotRegistered' }]);
    expect(later.invalidTokens.map((report) => report.token)).toEqual([token('later')]);
  });

  it('sends 350 devices in chunks of at most 100 and asks for their receipts in chunks of at most 300', async () => {
    const devices = Array.from({ length: 350 }, (_, index) => token(`device-${index}`));
    const sendsBefore = standIn.sendRequests.length;
    const receiptRequestsBefore = standIn.receiptRequests.length;
    const { notify, fallback } = setUp({ crowd: devices });

    const result = await notify({
      channel: session({ sessionId: 's3' }),
      recipient: 'crowd',
      event: 'partner:waiting',
      data: { name: 'A' },
    });

    const sends = standIn.sendRequests.slice(sendsBefore);
    expect(sends.map((request) => request.length)).toEqual([100, 100, 100, 50]);
    expect(new Set(sends.flat().map((push) => push.to))).toEqual(new Set(devices));
    expect(result.fallbackResult?.receipts).toHaveLength(350);

    const receipts = await fallback.checkReceipts();

    expect(standIn.receiptRequests.slice(receiptRequestsBefore).map((ids) => ids.length)).toEqual([300, 50]);
    expect(receipts.ok).toHaveLength(350);
  });

  it('keeps receipts pending when the receipt service is down, and finds them on the next check', async () => {
    const { notify, fallback } = setUp({ bob: [token('patient')] });
    await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:waiting', data: { name: 'A' } });

    standIn.failWith(503);
    try {
      await expect(fallback.checkReceipts()).rejects.toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        provider: 'expo-push',
        retriable: true,
      });
    } finally {
      standIn.recover();
    }

    const receipts = await fallback.checkReceipts();
    expect(receipts.ok).toHaveLength(1);
  });
});
