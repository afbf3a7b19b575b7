/**
 * The channel and payload every delivery measurement sends: a public channel carrying the progress
 * catalog's `lesson:updated` event, so Switchboard validates a realistic payload with valibot on
 * both ends (as an app would) while the raw SDKs send the same object unchecked.
 */
import { defineChannel } from '@switchboard/core';
import { lessonProgressSchema } from '@switchboard/schemas/progress';

export const benchFeed = defineChannel('bench:{room}', {
  access: 'public',
  events: { 'lesson:updated': lessonProgressSchema },
  description: 'Benchmark traffic',
});

export const BENCH_EVENT = 'lesson:updated';

export interface LessonPayload {
  userId: number;
  lessonId: number;
  documentId: string;
  isCompleted: boolean;
  completionDate: string | null;
  timestamp: string;
}

const stamp = new Date('2026-01-15T10:30:00.000Z').toISOString();

/** The payload of message `sequence`; the sequence rides in `lessonId` so receivers can count. */
export function lessonPayload(sequence: number): LessonPayload {
  return { userId: 42, lessonId: sequence, documentId: 'k2x9q4lm', isCompleted: true, completionDate: stamp, timestamp: stamp };
}

/** A Socket.IO hub secret for local benchmarks (never a real secret). */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef-0123456789';
