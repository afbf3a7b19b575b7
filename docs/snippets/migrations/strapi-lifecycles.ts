// src/api/user-lesson/content-types/user-lesson/lifecycles.ts
import { RealtimeError } from '@switchboard/core/server';
import { progress } from '@switchboard/schemas/progress';
import { type LifecycleEvent, strapi, type UserLessonRecord } from '../your-app/strapi.js';
import { publisher } from './strapi-realtime.js';

const idOf = (relation: { id: number } | number) => (typeof relation === 'number' ? relation : relation.id);

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
    // Retries already happened (same message id, with backoff). What is left is worth an alert,
    // and a payload the schema refuses is a bug: the error names the field.
    if (RealtimeError.isInstance(error, 'VALIDATION_FAILED')) throw error;
    strapi.log.error('progress update not delivered', { event, userId, error });
  }
}

export default {
  afterCreate: (event: LifecycleEvent<UserLessonRecord>) => publishLesson('lesson:created', event),
  afterUpdate: (event: LifecycleEvent<UserLessonRecord>) => publishLesson('lesson:updated', event),
};
