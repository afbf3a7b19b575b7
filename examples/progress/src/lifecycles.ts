/**
 * The CMS lifecycle hooks of the progress example — the part an app really writes. After every
 * write of a learner's lesson, level or kit record, publish it on that learner's private channel.
 * The payloads are checked against the progress catalog before anything is sent.
 */
import type { RealtimePublisher } from '@switchboard/core/server';
import { progress } from '@switchboard/schemas/progress';
import type { ProgressStore } from './store.js';

const now = () => new Date().toISOString();

/** Registers the hooks; returns the function that removes them. */
export function registerProgressLifecycles(store: ProgressStore, publisher: RealtimePublisher): () => void {
  const removers = [
    store.userLessons.subscribeLifecycles({
      async afterCreate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'lesson:created', { ...result, timestamp: now() });
      },
      async afterUpdate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'lesson:updated', { ...result, timestamp: now() });
      },
    }),
    store.userLevels.subscribeLifecycles({
      async afterCreate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'level:created', { ...result, timestamp: now() });
      },
      async afterUpdate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'level:updated', { ...result, timestamp: now() });
      },
    }),
    store.userKits.subscribeLifecycles({
      // The catalog has no kit:created: a new kit record is its first update.
      async afterCreate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'kit:updated', { ...result, timestamp: now() });
      },
      async afterUpdate({ result }) {
        await publisher.publish(progress({ userId: result.userId }), 'kit:updated', { ...result, timestamp: now() });
      },
    }),
  ];
  return () => {
    for (const remove of removers) remove();
  };
}
