import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RealtimeError } from '@switchboard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { session, setUp, token } from './fixtures.js';

// A port that was just free and is now closed: every connection is refused. Set before
// expo-server-sdk is first imported (it reads EXPO_BASE_URL once).
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  process.env.EXPO_BASE_URL = `http://127.0.0.1:${port}`;
});

describe('expo-push when the push service cannot be reached', () => {
  it('reports connection refused as PROVIDER_UNAVAILABLE in the notify result and loses nothing else', async () => {
    const { notify, join, hub } = setUp({ bob: [token('bob')] });
    await join('alice');

    const offline = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:waiting',
      data: { name: 'A' },
    });

    expect(offline).toMatchObject({ route: 'fallback', delivered: false });
    expect(RealtimeError.isInstance(offline.error, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(offline.error?.message).toMatch(/^Expo push service unavailable: sending 1 push notification\(s\) failed: .*ECONNREFUSED/);
    expect(hub.accepted).toEqual([]);

    const online = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'alice',
      event: 'partner:waiting',
      data: { name: 'B' },
    });
    expect(online).toMatchObject({ route: 'realtime', delivered: true });
    expect(hub.accepted).toHaveLength(1);
  });

  it('rejects a receipt check with PROVIDER_UNAVAILABLE', async () => {
    const { fallback } = setUp({});
    await expect(fallback.checkReceipts(['receipt-1'])).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'expo-push' });
  });
});
