// Stand-in for Strapi's lifecycle event types, so the migration snippets compile.
export interface LifecycleEvent<TResult> {
  result: TResult;
}
export interface UserLessonRecord {
  documentId: string;
  user: { id: number } | number;
  lesson: { id: number } | number;
  is_completed: boolean;
  completion_date: string | null;
}
export declare const strapi: { log: { error(message: string, details?: unknown): void } };
export interface UserLevelRecord {
  documentId: string;
  user: { id: number } | number;
  level: { id: number } | number;
  completed_lessons_count: number;
  is_completed: boolean;
}
export interface KitProgressRecord {
  documentId: string;
  user: { id: number } | number;
  kit: { id: number } | number;
  completed_lessons_count: number;
  total_lessons_count: number;
  completion_percentage: number;
}
