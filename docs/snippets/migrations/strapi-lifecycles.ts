// src/api/user-lesson/content-types/user-lesson/lifecycles.ts
import { progress } from '@switchboard/schemas/progress';
import { type LifecycleEvent, strapi, type UserLessonRecord } from '../your-app/strapi.js';
import { publisher } from './strapi-realtime.js';

export const idOf = (relation: { id: number } | number) => (typeof relation === 'number' ? relation : relation.id);

async function publishLesson(event: 'lesson:created' | 'lesson:updated', { result }: LifecycleEvent<UserLessonRecord>) {
  const userId = idOf(result.user);
  try {
    await publisher.publish(progress({ userId }), event, {
      userId,
      lessonId: idOf(result.lesson),
      documentId: result.documentId,
      isCompleted: result.is_completed,
      completionDate: result.completion_date,
      timestamp: new Date().toISOString(),
    });
  } catch (error) {
    // Retries already happened (same message id, with backoff), or the payload broke the schema
    // (the error names the field). Either way the learner's screen would fall behind: rethrow, so
    // the request that wrote the record fails visibly instead of a log line nobody reads.
    strapi.log.error('progress update not delivered', { event, userId, error });
    throw error;
  }
}

export default {
  afterCreate: (event: LifecycleEvent<UserLessonRecord>) => publishLesson('lesson:created', event),
  afterUpdate: (event: LifecycleEvent<UserLessonRecord>) => publishLesson('lesson:updated', event),
};
