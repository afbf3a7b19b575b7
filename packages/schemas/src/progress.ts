/**
 * Learning progress, published by the CMS when a learner's lesson, level or kit record changes
 * (Strapi lifecycle hooks in the original guide). One private channel per learner.
 *
 * @module @switchboard/schemas/progress
 */
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';
import { countSchema, idSchema, objectSchema, percentageSchema, recordIdSchema, timestampSchema } from './primitives.js';

/** `lesson:created` / `lesson:updated`: one learner's record of one lesson. */
export const lessonProgressSchema = objectSchema({
  /** The learner (the channel's `userId`). */
  userId: recordIdSchema,
  /** The lesson. */
  lessonId: recordIdSchema,
  /** Strapi 5 document id of the user-lesson record. */
  documentId: idSchema,
  /** Whether the learner completed it. */
  isCompleted: v.boolean('must be a boolean'),
  /** When the lesson was completed; `null` (or absent) while it is not. */
  completionDate: v.nullish(timestampSchema),
  /** When the change happened. */
  timestamp: timestampSchema,
});

/** `level:created` / `level:updated`: one learner's record of one level. */
export const levelProgressSchema = objectSchema({
  /** The learner (the channel's `userId`). */
  userId: recordIdSchema,
  /** The level. */
  levelId: recordIdSchema,
  /** Strapi 5 document id of the record. */
  documentId: idSchema,
  /** Lessons the learner completed in it. */
  completedLessonsCount: countSchema,
  /** Whether the learner completed it. */
  isCompleted: v.boolean('must be a boolean'),
  /** When the change happened. */
  timestamp: timestampSchema,
});

/** `kit:updated`: one learner's progress through a kit (a bundle of levels). */
export const kitProgressSchema = v.pipe(
  objectSchema({
    /** The learner (the channel's `userId`). */
    userId: recordIdSchema,
    /** The kit. */
    kitId: recordIdSchema,
    /** Strapi 5 document id of the record. */
    documentId: idSchema,
    /** Lessons the learner completed in it. */
    completedLessonsCount: countSchema,
    /** Lessons it has. */
    totalLessonsCount: countSchema,
    /** 0–100. */
    completionPercentage: percentageSchema,
    /** When the change happened. */
    timestamp: timestampSchema,
  }),
  v.forward(
    v.check((kit) => kit.completedLessonsCount <= kit.totalLessonsCount, 'must not exceed totalLessonsCount'),
    ['completedLessonsCount'],
  ),
);

/** Event name → payload schema of the progress channel. */
export const progressEvents = {
  /** A lesson record was created for the learner. */
  'lesson:created': lessonProgressSchema,
  /** A lesson record changed. */
  'lesson:updated': lessonProgressSchema,
  /** A level record was created for the learner. */
  'level:created': levelProgressSchema,
  /** A level record changed. */
  'level:updated': levelProgressSchema,
  /** The learner's kit progress changed. */
  'kit:updated': kitProgressSchema,
};

/**
 * `progress:user:{userId}` — private; only the learner whose id is in the channel may subscribe:
 * give the server `progressAccess` from `@switchboard/schemas/access`.
 *
 * @example
 * await publisher.publish(progress({ userId: 42 }), 'kit:updated', kit);
 * subscriber.subscribe(progress({ userId: me.id }), 'kit:updated', (kit) => setPercent(kit.completionPercentage));
 */
export const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: progressEvents,
  description: "A learner's lesson, level and kit progress",
});

/** Payload of `lesson:created` and `lesson:updated`. */
export type LessonProgress = v.InferOutput<typeof lessonProgressSchema>;
/** Payload of `level:created` and `level:updated`. */
export type LevelProgress = v.InferOutput<typeof levelProgressSchema>;
/** Payload of `kit:updated`. */
export type KitProgress = v.InferOutput<typeof kitProgressSchema>;
/** Every event of the progress channel with its payload type. */
export type ProgressEventMap = { [E in keyof typeof progressEvents]: v.InferOutput<(typeof progressEvents)[E]> };
