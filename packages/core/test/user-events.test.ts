import {
  allow,
  checkAccess,
  createChannelChecker,
  defineUserEvents,
  isUserStream,
  RealtimeError,
  type StandardSchemaV1,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const shipped: StandardSchemaV1<{ orderId: string }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) =>
      typeof (value as { orderId?: unknown })?.orderId === 'string'
        ? { value: value as { orderId: string } }
        : { issues: [{ message: 'orderId' }] },
  },
};
const userEvents = defineUserEvents({ 'order:shipped': shipped });

describe('user-event catalogs', () => {
  it('name one stream per user and are marked as user streams', () => {
    const stream = userEvents({ userId: 42 });
    expect(stream.name).toBe('switchboard-user:42');
    expect(stream.definition.access).toBe('private');
    expect(isUserStream(stream)).toBe(true);
  });

  it('admit only the owner, and an app rule that admits everyone cannot widen that', async () => {
    const permissive = [allow(userEvents, () => true)];
    expect(await checkAccess({ id: '42' }, userEvents({ userId: 42 }), permissive)).toEqual({ allowed: true });
    const intruder = await checkAccess({ id: '7' }, userEvents({ userId: 42 }), permissive);
    expect(intruder).toEqual({ allowed: false, reason: 'only user 42 may listen to their user stream' });
    expect((await checkAccess(undefined, userEvents({ userId: 42 }), permissive)).allowed).toBe(false);
    const check = createChannelChecker([userEvents], permissive);
    expect((await check({ id: '7' }, 'switchboard-user:42')).allowed).toBe(false);
    expect((await check({ id: '42' }, 'switchboard-user:42')).allowed).toBe(true);
  });

  it('refuse a user id that is not a channel param', () => {
    try {
      userEvents({ userId: 'a:b' });
      expect.unreachable();
    } catch (error) {
      expect(RealtimeError.isInstance(error, 'INVALID_CHANNEL')).toBe(true);
    }
  });
});
