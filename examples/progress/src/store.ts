/**
 * The learner records of the progress example — user-lesson, user-level and user-kit — and the
 * service that completes a lesson and rolls the counts up, all through CMS collections so every
 * write goes through the lifecycle hooks, in one transaction.
 */
import type { Queryable, WriteAndPublish } from '@switchboard-example/kit';
import { findLesson, type Kit, lessonCount } from './catalog.js';
import { type Collection, createCollection } from './cms.js';

export interface UserLesson {
  userId: string;
  lessonId: number;
  isCompleted: boolean;
  completionDate: string | null;
}

export interface UserLevel {
  userId: string;
  levelId: number;
  completedLessonsCount: number;
  isCompleted: boolean;
}

export interface UserKit {
  userId: string;
  kitId: number;
  completedLessonsCount: number;
  totalLessonsCount: number;
  completionPercentage: number;
}

export interface ProgressStore {
  userLessons: Collection<UserLesson>;
  userLevels: Collection<UserLevel>;
  userKits: Collection<UserKit>;
}

export function createProgressStore(): ProgressStore {
  return {
    userLessons: createCollection<UserLesson>({
      table: 'progress.user_lessons',
      columns: { userId: 'user_id', lessonId: 'lesson_id', isCompleted: 'is_completed', completionDate: 'completion_date' },
    }),
    userLevels: createCollection<UserLevel>({
      table: 'progress.user_levels',
      columns: { userId: 'user_id', levelId: 'level_id', completedLessonsCount: 'completed_lessons_count', isCompleted: 'is_completed' },
    }),
    userKits: createCollection<UserKit>({
      table: 'progress.user_kits',
      columns: {
        userId: 'user_id',
        kitId: 'kit_id',
        completedLessonsCount: 'completed_lessons_count',
        totalLessonsCount: 'total_lessons_count',
        completionPercentage: 'completion_percentage',
      },
    }),
  };
}

/** One learner's records, for the page's first render. */
export async function snapshot(store: ProgressStore, on: Queryable, kit: Kit, userId: string) {
  return {
    kit,
    lessons: await store.userLessons.findMany(on, { userId }),
    levels: await store.userLevels.findMany(on, { userId }),
    kitProgress: (await store.userKits.findOne(on, { userId, kitId: kit.id })) ?? null,
  };
}

/** A lesson id that is not part of the kit: the caller's mistake (400), checked before any write. */
export class UnknownLessonError extends Error {
  readonly code = 'INVALID_LESSON';
}

/**
 * Marks a lesson complete (or not) for a learner, then updates their level and kit records: one
 * CMS write each, so each one fires its lifecycle hook, all in one transaction with the messages
 * the hooks queue. Throws {@link UnknownLessonError} before writing anything for a lesson outside
 * the kit; the messages are recorded in the transactional outbox with the write, and sent by the relay.
 */
export async function setLessonCompleted(
  store: ProgressStore,
  writeAndPublish: WriteAndPublish,
  kit: Kit,
  userId: string,
  lessonId: number,
  isCompleted: boolean,
): Promise<void> {
  const found = findLesson(kit, lessonId);
  if (!found) throw new UnknownLessonError(`Lesson ${lessonId} is not part of kit ${kit.id}`);
  await writeAndPublish(async (transaction, messages) => {
    const completionDate = isCompleted ? new Date().toISOString() : null;
    const lesson = await store.userLessons.findOne(transaction, { userId, lessonId });
    if (lesson) await store.userLessons.update(transaction, messages, lesson.documentId, { isCompleted, completionDate });
    else await store.userLessons.create(transaction, messages, { userId, lessonId, isCompleted, completionDate });

    const completed = new Set(
      (await store.userLessons.findMany(transaction, { userId, isCompleted: true })).map((record) => record.lessonId),
    );
    const levelCount = found.level.lessons.filter((candidate) => completed.has(candidate.id)).length;
    const levelData = { completedLessonsCount: levelCount, isCompleted: levelCount === found.level.lessons.length };
    const level = await store.userLevels.findOne(transaction, { userId, levelId: found.level.id });
    if (level) await store.userLevels.update(transaction, messages, level.documentId, levelData);
    else await store.userLevels.create(transaction, messages, { userId, levelId: found.level.id, ...levelData });

    const total = lessonCount(kit);
    const kitCount = kit.levels.flatMap((candidate) => candidate.lessons).filter((candidate) => completed.has(candidate.id)).length;
    const kitData = {
      completedLessonsCount: kitCount,
      totalLessonsCount: total,
      completionPercentage: Math.round((kitCount / total) * 1000) / 10,
    };
    const kitRecord = await store.userKits.findOne(transaction, { userId, kitId: kit.id });
    if (kitRecord) await store.userKits.update(transaction, messages, kitRecord.documentId, kitData);
    else await store.userKits.create(transaction, messages, { userId, kitId: kit.id, ...kitData });
  });
}
