// order-notifications.test.ts — a unit test on the in-memory adapter: no server, no network.
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { Collector } from '@switchboard/testing';
import { afterEach, expect, test } from 'vitest';
import { orderUpdates } from '../getting-started/contract.js';
import { rules } from '../getting-started/rules.js';
import { markShipped } from './order-notifications.js';

const hub = new MemoryHub({ rules }); // one per test file keeps tests independent
const publisher = memoryPublisher({ hub });
const buyer = memorySubscriber({ hub, user: { id: '42' } });
afterEach(() => buyer.close());

test('the buyer hears that the order shipped', async () => {
  const updates = new Collector<{ orderId: string; status: string }>();
  await buyer.subscribe(orderUpdates({ userId: '42' }), 'order:updated', updates.push).ready;

  await markShipped(publisher, '42', 'A-1001');

  expect(await updates.toHave(1)).toEqual([{ orderId: 'A-1001', status: 'shipped' }]);
});

test("another user cannot subscribe to the buyer's orders", async () => {
  const stranger = memorySubscriber({ hub, user: { id: '7' } });
  await expect(stranger.subscribe(orderUpdates({ userId: '42' }), 'order:updated', () => {}).ready).rejects.toMatchObject({
    code: 'FORBIDDEN',
  });
  await stranger.close();
});

test('a bad payload is refused before it is sent', async () => {
  // What an untyped caller (a webhook, a JavaScript module) could pass: the schema refuses it at runtime.
  const fromUntypedCode = JSON.parse('{ "orderId": "A-1", "status": "lost" }');
  await expect(publisher.publish(orderUpdates({ userId: '42' }), 'order:updated', fromUntypedCode)).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
  });
});
