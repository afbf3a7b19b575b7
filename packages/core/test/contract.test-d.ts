import { createPublisher, createSubscriber, defineChannel, type StandardSchemaV1 } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';

declare const lesson: StandardSchemaV1<{ lessonId: number; done: boolean }>;
declare const deleted: StandardSchemaV1<{ id: string }>;
const progress = defineChannel('progress:user:{userId}', { access: 'private', events: { 'lesson:updated': lesson, deleted } });
const publisher = createPublisher({ provider: 'memory' });
const subscriber = createSubscriber({ provider: 'memory' });

describe('the typed contract', () => {
  it('types params from the template', () => {
    expectTypeOf(progress).parameter(0).toEqualTypeOf<{ userId: string | number }>();
    // @ts-expect-error missing userId
    progress({});
    // @ts-expect-error unknown param
    progress({ userId: 1, extra: 2 });
  });

  it('types publish payloads from the schemas', () => {
    publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    // @ts-expect-error unknown event
    publisher.publish(progress({ userId: 1 }), 'lesson:deleted', { lessonId: 1, done: true });
    // @ts-expect-error wrong payload shape
    publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: '1', done: true });
    // @ts-expect-error missing field
    publisher.publish(progress({ userId: 1 }), 'deleted', {});
  });

  it('types handler data and meta from the schemas', () => {
    subscriber.subscribe(progress({ userId: 1 }), 'lesson:updated', (data, meta) => {
      expectTypeOf(data).toEqualTypeOf<{ lessonId: number; done: boolean }>();
      expectTypeOf(meta.event).toEqualTypeOf<'lesson:updated'>();
      expectTypeOf(meta.recovered).toEqualTypeOf<boolean>();
    });
    subscriber.subscribe(progress({ userId: 1 }), {
      deleted: (data) => expectTypeOf(data).toEqualTypeOf<{ id: string }>(),
    });
    // @ts-expect-error unknown event in a handlers map
    subscriber.subscribe(progress({ userId: 1 }), { nope: () => {} });
  });
});
