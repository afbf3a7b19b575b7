import {
  type ClientEventData,
  type ClientEventName,
  createSubscriber,
  defineChannel,
  listenForWhisper,
  type StandardSchemaV1,
  whisper,
} from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';

declare const note: StandardSchemaV1<{ text: string }>;
declare const typing: StandardSchemaV1<{ typing: boolean }>;
declare const cursor: StandardSchemaV1<{ x: number; y: number }>;
const doc = defineChannel('doc:{docId}', { access: 'presence', events: { note }, clientEvents: { typing, cursor } });
const feed = defineChannel('feed:{room}', { access: 'public', events: { note } });
const subscriber = createSubscriber({ provider: 'memory' });

describe('client events are typed from the channel’s clientEvents', () => {
  it('names and data come from the declaration', () => {
    expectTypeOf<ClientEventName<ReturnType<typeof doc>>>().toEqualTypeOf<'typing' | 'cursor'>();
    expectTypeOf<ClientEventData<ReturnType<typeof doc>, 'cursor'>>().toEqualTypeOf<{ x: number; y: number }>();
    expectTypeOf<ClientEventName<ReturnType<typeof feed>>>().toBeNever();
  });

  it('whisper takes a declared name and its data; listeners receive them typed, with the sender in meta', () => {
    void whisper(subscriber, doc({ docId: 'd1' }), 'typing', { typing: true });
    // @ts-expect-error a server event is not a client event
    void whisper(subscriber, doc({ docId: 'd1' }), 'note', { text: 'x' });
    // @ts-expect-error typing is a boolean
    void whisper(subscriber, doc({ docId: 'd1' }), 'typing', { typing: 'yes' });
    // @ts-expect-error a channel without client events takes none
    void whisper(subscriber, feed({ room: 'r' }), 'typing', { typing: true });
    listenForWhisper(subscriber, doc({ docId: 'd1' }), 'cursor', (data, meta) => {
      expectTypeOf(data).toEqualTypeOf<{ x: number; y: number }>();
      expectTypeOf(meta.event).toEqualTypeOf<'cursor'>();
      expectTypeOf(meta.userId).toEqualTypeOf<string | undefined>();
    });
  });
});
