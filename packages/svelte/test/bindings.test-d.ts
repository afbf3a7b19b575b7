import type { ConnectionState, PresenceEvent, PresenceMember } from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { describe, expectTypeOf, it } from 'vitest';
import { progress, room } from '../../../fixtures/bindings/type-channels.js';
import { type ChannelSubscriptionState, type PresenceState, useChannel, useConnectionState, useEvent, usePresence } from '../src/index.js';

describe('binding types come from the channel definitions', () => {
  it('types useEvent data, meta and event names, with plain, store or getter channels', () => {
    const state = useEvent(progress({ userId: 1 }), 'lesson:updated', (data, meta) => {
      expectTypeOf(data).toEqualTypeOf<{ lessonId: number; done: boolean }>();
      expectTypeOf(meta.event).toEqualTypeOf<'lesson:updated'>();
    });
    expectTypeOf(state).toEqualTypeOf<Readable<ChannelSubscriptionState>>();
    let userId = 1;
    useEvent(
      () => progress({ userId }),
      'deleted',
      (data) => expectTypeOf(data).toEqualTypeOf<{ id: string }>(),
    );
    userId = 2;
    useEvent(writable(progress({ userId })), 'deleted', (data) => expectTypeOf(data.id).toBeString());
    // @ts-expect-error unknown event
    useEvent(progress({ userId: 1 }), 'lesson:deleted', () => {});
    // @ts-expect-error the payload has no such field
    useEvent(progress({ userId: 1 }), 'deleted', (data) => data.lessonId);
    // @ts-expect-error the handler's data does not match the schema
    useEvent(progress({ userId: 1 }), 'deleted', (data: { lessonId: number }) => data);
    useEvent(progress({ userId: 1 }), 'deleted', () => {}, {
      enabled: () => false,
      onGap: (gap) => expectTypeOf(gap.channel).toBeString(),
    });
  });

  it('accepts a missing channel while params are unknown', () => {
    const userId = undefined as number | undefined;
    useEvent(
      () => (userId === undefined ? null : progress({ userId })),
      'deleted',
      (data) => {
        expectTypeOf(data).toEqualTypeOf<{ id: string }>();
      },
    );
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
    const presence = usePresence(room({ roomId: 'r' }), { data: () => ({ name: 'Ada' }), userId: 'ada' });
    expectTypeOf(presence).toEqualTypeOf<Readable<PresenceState<{ name: string }>>>();
    presence.subscribe((value) => {
      expectTypeOf(value.members).toEqualTypeOf<PresenceMember<{ name: string }>[]>();
      expectTypeOf(value.self).toEqualTypeOf<PresenceMember<{ name: string }> | undefined>();
      expectTypeOf(value.lastEvent).toEqualTypeOf<PresenceEvent<{ name: string }> | undefined>();
    });
    // @ts-expect-error presence data must match the schema
    usePresence(room({ roomId: 'r' }), { data: { nickname: 'Ada' } });
  });

  it('types the connection state as the unified union', () => {
    expectTypeOf(useConnectionState()).toEqualTypeOf<Readable<ConnectionState>>();
  });
});
