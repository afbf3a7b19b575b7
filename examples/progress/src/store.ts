/**
 * The learner records of the progress example — user-lesson, user-level and user-kit — and the
 * service that completes a lesson and rolls the counts up, all through CMS collections so every
 * write goes through the lifecycle hooks.
 */
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
  return { userLessons: createCollection(), userLevels: createCollection(), userKits: createCollection() };
}

/** One learner's records, for the page's first render. */
export function snapshot(store: ProgressStore, kit: Kit, userId: string) {
  return {
    kit,
    lessons: store.userLessons.findMany((record) => record.userId === userId),
    levels: store.userLevels.findMany((record) => record.userId === userId),
    kitProgress: store.userKits.findOne((record) => record.userId === userId && record.kitId === kit.id) ?? null,
  };
}

/**
 * Marks a lesson complete (or not) for a learner, then updates their level and kit records: one
 * CMS write each, so each one fires its lifecycle hook.
 */
export async function setLessonCompleted(store: ProgressStore, kit: Kit, userId: string, lessonId: number, isCompleted: boolean) {
  const found = findLesson(kit, lessonId);
  if (!found) throw new Error(`Lesson ${lessonId} is not part of kit ${kit.id}`);
  const completionDate = isCompleted ? new Date().toISOString() : null;
  const lesson = store.userLessons.findOne((record) => record.userId === userId && record.lessonId === lessonId);
  if (lesson) await store.userLessons.update(lesson.documentId, { isCompleted, completionDate });
  else await store.userLessons.create({ userId, lessonId, isCompleted, completionDate });

  const completed = new Set(
    store.userLessons.findMany((record) => record.userId === userId && record.isCompleted).map((record) => record.lessonId),
  );
  const levelCount = found.level.lessons.filter((candidate) => completed.has(candidate.id)).length;
  const levelData = { completedLessonsCount: levelCount, isCompleted: levelCount === found.level.lessons.length };
  const level = store.userLevels.findOne((record) => record.userId === userId && record.levelId === found.level.id);
  if (level) await store.userLevels.update(level.documentId, levelData);
  else await store.userLevels.create({ userId, levelId: found.level.id, ...levelData });

  const total = lessonCount(kit);
  const kitCount = kit.levels.flatMap((candidate) => candidate.lessons).filter((candidate) => completed.has(candidate.id)).length;
  const kitData = {
    completedLessonsCount: kitCount,
    totalLessonsCount: total,
    completionPercentage: Math.round((kitCount / total) * 1000) / 10,
  };
  const kitRecord = store.userKits.findOne((record) => record.userId === userId && record.kitId === kit.id);
  if (kitRecord) await store.userKits.update(kitRecord.documentId, kitData);
  else await store.userKits.create({ userId, kitId: kit.id, ...kitData });
}
