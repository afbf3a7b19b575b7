/**
 * The CMS lifecycle hooks of the progress example — the part an app really writes. After every
 * write of a learner's lesson, level or kit record, queue it for that learner's private channel on
 * the write's transaction (validated against the progress catalog there, so a bad payload rolls
 * the write back). The seed's hooks caught and logged publish errors; here the messages are
 * recorded in the transactional outbox with the write, so none is lost: the kit's relay sends them.
 */
import { progress } from '@switchboard/schemas/progress';
import type { ProgressStore } from './store.js';

const now = () => new Date().toISOString();

/** Registers the hooks; returns the function that removes them. */
export function registerProgressLifecycles(store: ProgressStore): () => void {
  const removers = [
    store.userLessons.subscribeLifecycles({
      afterCreate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'lesson:created', { ...result, timestamp: now() }),
      afterUpdate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'lesson:updated', { ...result, timestamp: now() }),
    }),
    store.userLevels.subscribeLifecycles({
      afterCreate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'level:created', { ...result, timestamp: now() }),
      afterUpdate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'level:updated', { ...result, timestamp: now() }),
    }),
    store.userKits.subscribeLifecycles({
      // The catalog has no kit:created: a new kit record is its first update.
      afterCreate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'kit:updated', { ...result, timestamp: now() }),
      afterUpdate: ({ result, messages }) =>
        messages.add(progress({ userId: result.userId }), 'kit:updated', { ...result, timestamp: now() }),
    }),
  ];
  return () => {
    for (const remove of removers) remove();
  };
}
