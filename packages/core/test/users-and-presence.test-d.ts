import {
  createPublisher,
  createSubscriber,
  defineChannel,
  defineUserEvents,
  type StandardSchemaV1,
  subscribeUser,
} from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';

declare const cursor: StandardSchemaV1<{ x: number; y: number }>;
declare const member: StandardSchemaV1<{ name: string; color: 'red' | 'blue' }>;
const board = defineChannel('board:{boardId}', { access: 'presence', events: { cursor }, presence: member });
const publisher = createPublisher({ provider: 'memory' });

describe('typed server-side presence', () => {
  it('types members() from the presence schema and narrows on source', async () => {
    const members = await publisher.members(board({ boardId: 'b1' }));
    for (const entry of members) {
      expectTypeOf(entry.userId).toBeString();
      if (entry.source === 'ids-only') {
        expectTypeOf(entry.data).toEqualTypeOf<undefined>();
      } else {
        expectTypeOf(entry.source).toEqualTypeOf<'provider' | 'recorded'>();
        expectTypeOf(entry.data).toEqualTypeOf<{ name: string; color: 'red' | 'blue' }>();
      }
    }
    const viaPresence = await publisher.presence(board({ boardId: 'b1' })).members();
    expectTypeOf(viaPresence).toEqualTypeOf(members);
  });

  it('keeps ids-only members from being read as data without narrowing', async () => {
    const [first] = await publisher.members(board({ boardId: 'b1' }));
    // @ts-expect-error data may be undefined (ids-only) until source is checked
    first?.data.name;
  });
});

declare const shipped: StandardSchemaV1<{ orderId: string }>;
const userEvents = defineUserEvents({ 'order:shipped': shipped });

describe('typed user events', () => {
  it('types publishToUser and subscribeUser from the catalog', async () => {
    await publisher.publishToUser(userEvents, 42, 'order:shipped', { orderId: 'o1' });
    await publisher.publishToUsers(userEvents, ['a', 'b'], 'order:shipped', { orderId: 'o1' });
    // @ts-expect-error unknown event
    await publisher.publishToUser(userEvents, 42, 'order:lost', { orderId: 'o1' });
    // @ts-expect-error orderId is a string
    await publisher.publishToUser(userEvents, 42, 'order:shipped', { orderId: 1 });
    // excludeUserId: on publish and publishToUsers; not on publishToUser, whose stream has one reader.
    await publisher.publishToUsers(userEvents, ['a', 'b'], 'order:shipped', { orderId: 'o1' }, { excludeUserId: 'a' });
    await publisher.publish(board({ boardId: 'b' }), 'cursor', { x: 1, y: 2 }, { excludeUserId: 7 });
    // @ts-expect-error excluding the only reader of a user stream
    await publisher.publishToUser(userEvents, 42, 'order:shipped', { orderId: 'o1' }, { excludeUserId: '42' });
    const subscriber = createSubscriber({ provider: 'memory' });
    subscribeUser(subscriber, userEvents({ userId: 42 }), 'order:shipped', (data) => {
      expectTypeOf(data).toEqualTypeOf<{ orderId: string }>();
    });
    // @ts-expect-error a plain channel is not a user stream
    subscribeUser(subscriber, board({ boardId: 'b' }), 'cursor', () => {});
  });
});
