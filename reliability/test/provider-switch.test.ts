/**
 * Live provider switch, short: for each pair the fault suite runs at full size (`pnpm reliability
 * --switch-only`), two subscribers move mid-stream at 100 messages/s (400 messages) with real SDKs, emulators and
 * hub, and neither loses nor is handed twice a single message. 4 s per pair: the old connection
 * drains for 1 s after the move, so the new provider is the only one left for the last second or more.
 */
import { describe, expect, it } from 'vitest';
import { runProviderSwitch } from './support/provider-switch-scenario.js';

const pairs = [
  ['socket-io', 'ably'],
  ['ably', 'pusher'],
  ['pusher', 'socket-io'],
] as const;

describe('live provider switch', () => {
  for (const [from, to] of pairs) {
    it(`${from} → ${to}: both subscribers move mid-stream, lose nothing and see nothing twice`, async () => {
      const report = await runProviderSwitch({ from, to, rate: 100, messages: 400, settleMs: 30_000 });
      console.info(`[switch] ${from} → ${to}:`, JSON.stringify(report.subscribers));
      for (const subscriber of report.subscribers) {
        expect(subscriber.errors).toEqual([]);
        expect(subscriber.lost).toBe(0);
        expect(subscriber.duplicates).toBe(0);
        expect(subscriber.moveMs).toBeTypeOf('number');
        // Both providers delivered: the old one before the move, the new one after.
        expect(Object.keys(subscriber.byProvider).sort()).toEqual([from, to].sort());
      }
    }, 90_000);
  }
});
