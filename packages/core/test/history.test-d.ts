import { createPublisher, defineChannel, type HistoryMessage, type StandardSchemaV1 } from '@switchboard/core';
import { memoryHistory } from '@switchboard/core/history';
import { describe, expectTypeOf, it } from 'vitest';

declare const lesson: StandardSchemaV1<{ lessonId: number; done: boolean }>;
declare const deleted: StandardSchemaV1<{ id: string }>;
const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: { 'lesson:updated': lesson, deleted },
  history: { maxMessages: 50, maxAgeMs: 60_000 },
});
const publisher = createPublisher({ provider: 'memory', history: memoryHistory() });

describe('typed history', () => {
  it('types each history message as a union of the channel events, narrowed by event name', async () => {
    const page = await publisher.history(progress({ userId: 1 }), { limit: 20 });
    expectTypeOf(page.messages).toEqualTypeOf<HistoryMessage<ReturnType<typeof progress>>[]>();
    for (const message of page.messages) {
      expectTypeOf(message.event).toEqualTypeOf<'lesson:updated' | 'deleted'>();
      expectTypeOf(message.seq).toBeNumber();
      if (message.event === 'deleted') expectTypeOf(message.data).toEqualTypeOf<{ id: string }>();
      else expectTypeOf(message.data).toEqualTypeOf<{ lessonId: number; done: boolean }>();
    }
    if (page.next) await publisher.history(progress({ userId: 1 }), page.next);
  });

  it('refuses misspelled query fields and retention options', () => {
    // @ts-expect-error direction is 'forwards' | 'backwards'
    publisher.history(progress({ userId: 1 }), { direction: 'up' });
    // @ts-expect-error maxMessages is a number
    defineChannel('x', { access: 'public', events: { deleted }, history: { maxMessages: '5' } });
  });
});
