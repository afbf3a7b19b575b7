import type { ConnectionState, PresenceEvent, PresenceMember } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';
import { progress, room } from '../../../fixtures/bindings/type-channels.js';
import { type ChannelSubscriptionState, useChannel, useConnectionState, useEvent, usePresence } from '../src/index.js';

describe('hook types come from the channel definitions', () => {
  it('types useEvent data, meta and event names', () => {
    const state = useEvent(progress({ userId: 1 }), 'lesson:updated', (data, meta) => {
      expectTypeOf(data).toEqualTypeOf<{ lessonId: number; done: boolean }>();
      expectTypeOf(meta.event).toEqualTypeOf<'lesson:updated'>();
      expectTypeOf(meta.recovered).toEqualTypeOf<boolean>();
    });
    expectTypeOf(state).toEqualTypeOf<ChannelSubscriptionState>();
    // @ts-expect-error unknown event
    useEvent(progress({ userId: 1 }), 'lesson:deleted', () => {});
    // @ts-expect-error the handler's data does not match the schema
    useEvent(progress({ userId: 1 }), 'deleted', (data: { lessonId: number }) => data);
    useEvent(progress({ userId: 1 }), 'deleted', () => {}, { enabled: false, onGap: (gap) => expectTypeOf(gap.channel).toBeString() });
  });

  it('accepts a missing channel while params are unknown', () => {
    const userId = undefined as number | undefined;
    useEvent(userId === undefined ? null : progress({ userId }), 'deleted', (data) => {
      expectTypeOf(data).toEqualTypeOf<{ id: string }>();
    });
  });

  it('types useChannel handler maps', () => {
    useChannel(progress({ userId: 1 }), {
      'lesson:updated': (data) => expectTypeOf(data.done).toEqualTypeOf<boolean>(),
      deleted: (data, meta) => {
        expectTypeOf(data).toEqualTypeOf<{ id: string }>();
        expectTypeOf(meta.event).toEqualTypeOf<'deleted'>();
      },
    });
    // @ts-expect-error unknown event in a handlers map
    useChannel(progress({ userId: 1 }), { nope: () => {} });
  });

  it('types presence data and members from the presence schema', () => {
    const presence = usePresence(room({ roomId: 'r' }), { data: { name: 'Ada' }, userId: 'ada' });
    expectTypeOf(presence.members).toEqualTypeOf<PresenceMember<{ name: string }>[]>();
    expectTypeOf(presence.self).toEqualTypeOf<PresenceMember<{ name: string }> | undefined>();
    expectTypeOf(presence.lastEvent).toEqualTypeOf<PresenceEvent<{ name: string }> | undefined>();
    // @ts-expect-error presence data must match the schema
    usePresence(room({ roomId: 'r' }), { data: { nickname: 'Ada' } });
  });

  it('types the connection state as the unified union', () => {
    expectTypeOf(useConnectionState()).toEqualTypeOf<ConnectionState>();
  });
});
