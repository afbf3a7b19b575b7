import { createNotifier, createPublisher, defineChannel, type NotificationFallback, type StandardSchemaV1 } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';

declare const waiting: StandardSchemaV1<{ name: string }>;
const session = defineChannel('typed:session:{sessionId}', { access: 'presence', events: { waiting } });
declare const smsFallback: NotificationFallback<{ delivered: boolean; messageSid: string }>;
const publisher = createPublisher({ provider: 'memory' });

describe('notify types', () => {
  it('types the payload from the channel schema', () => {
    const { notify } = createNotifier({ publisher });
    notify({ channel: session({ sessionId: 's' }), recipient: 'u', event: 'waiting', data: { name: 'A' } });
    // @ts-expect-error unknown event
    notify({ channel: session({ sessionId: 's' }), recipient: 'u', event: 'left', data: { name: 'A' } });
    // @ts-expect-error wrong payload
    notify({ channel: session({ sessionId: 's' }), recipient: 'u', event: 'waiting', data: { name: 1 } });
  });

  it("types fallbackResult by the fallback's result", async () => {
    const { notify } = createNotifier({ publisher, fallback: smsFallback });
    const result = await notify({ channel: session({ sessionId: 's' }), recipient: 7, event: 'waiting', data: { name: 'A' } });
    expectTypeOf(result.route).toEqualTypeOf<'realtime' | 'fallback' | 'none'>();
    expectTypeOf(result.fallbackResult).toEqualTypeOf<{ delivered: boolean; messageSid: string } | undefined>();
  });
});
