/**
 * `pnpm demo`: a short terminal demo on the in-memory adapter. The browser demo of the five
 * example apps replaces it once the examples land.
 */
import { createPublisher, createSubscriber, defineChannel, type StandardSchemaV1 } from '@switchboard/core';

const lessonProgress: StandardSchemaV1<{ lessonId: number; percent: number }> = {
  '~standard': {
    version: 1,
    vendor: 'demo',
    validate: (value) => {
      const candidate = value as { lessonId?: unknown; percent?: unknown };
      return typeof candidate?.lessonId === 'number' && typeof candidate.percent === 'number'
        ? { value: { lessonId: candidate.lessonId, percent: candidate.percent } }
        : { issues: [{ message: 'expected { lessonId: number, percent: number }' }] };
    },
  },
};

const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: { 'lesson:updated': lessonProgress },
  authorize: (user, { userId }) => user.id === userId,
});

const publisher = createPublisher({ provider: 'memory' });
const learner = createSubscriber({ provider: 'memory', user: { id: '42' } });
const intruder = createSubscriber({ provider: 'memory', user: { id: '7' } });

const done = new Promise<void>((resolve) => {
  learner.subscribe(progress({ userId: 42 }), 'lesson:updated', (data, meta) => {
    console.log(`learner 42 got ${meta.event}: lesson ${data.lessonId} at ${data.percent}%`);
    if (data.percent === 100) resolve();
  });
});
const refused = await intruder
  .subscribe(progress({ userId: 42 }), 'lesson:updated', () => {})
  .ready.then(
    () => 'allowed?!',
    (error: Error) => error.message,
  );
console.log(`user 7 tried to listen in: ${refused}`);

for (const percent of [25, 50, 100]) {
  await publisher.publish(progress({ userId: 42 }), 'lesson:updated', { lessonId: 3, percent });
}
await publisher
  .publish(progress({ userId: 42 }), 'lesson:updated', { lessonId: 3, percent: 'lots' } as never)
  .catch((error: Error) => console.log(`a bad payload is refused before sending: ${error.message}`));
await done;
await Promise.all([learner.close(), intruder.close(), publisher.close()]);
console.log('demo finished');
