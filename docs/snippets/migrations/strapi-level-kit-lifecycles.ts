// src/api/user-level/…/lifecycles.ts and src/api/kitprogress/…/lifecycles.ts — the same pattern
// for the other two records; the catalog has no kit:created, so a new kit record is its first update.
import { progress } from '@switchboard/schemas/progress';
import type { KitProgressRecord, LifecycleEvent, UserLevelRecord } from '../your-app/strapi.js';
import { idOf } from './strapi-lifecycles.js';
import { publisher } from './strapi-realtime.js';

const now = () => new Date().toISOString();

function publishLevel(event: 'level:created' | 'level:updated', { result }: LifecycleEvent<UserLevelRecord>) {
  const userId = idOf(result.user);
  return publisher.publish(progress({ userId }), event, {
    userId,
    levelId: idOf(result.level),
    documentId: result.documentId,
    completedLessonsCount: result.completed_lessons_count,
    isCompleted: result.is_completed,
    timestamp: now(),
  });
}

function publishKit({ result }: LifecycleEvent<KitProgressRecord>) {
  const userId = idOf(result.user);
  return publisher.publish(progress({ userId }), 'kit:updated', {
    userId,
    kitId: idOf(result.kit),
    documentId: result.documentId,
    completedLessonsCount: result.completed_lessons_count,
    totalLessonsCount: result.total_lessons_count,
    completionPercentage: result.completion_percentage,
    timestamp: now(),
  });
}

export const userLevelLifecycles = {
  afterCreate: (event: LifecycleEvent<UserLevelRecord>) => publishLevel('level:created', event),
  afterUpdate: (event: LifecycleEvent<UserLevelRecord>) => publishLevel('level:updated', event),
};

export const kitProgressLifecycles = {
  afterCreate: publishKit,
  afterUpdate: publishKit,
};
