/** The progress example's tables: the learner's lesson, level and kit records of the CMS. */
import type { Migration } from '@switchboard-example/kit';

export const PROGRESS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'learner records',
    sql: `
create schema if not exists progress;
create table progress.user_lessons (
  document_id uuid primary key,
  user_id text not null,
  lesson_id integer not null,
  is_completed boolean not null,
  completion_date timestamptz,
  unique (user_id, lesson_id)
);
create table progress.user_levels (
  document_id uuid primary key,
  user_id text not null,
  level_id integer not null,
  completed_lessons_count integer not null,
  is_completed boolean not null,
  unique (user_id, level_id)
);
create table progress.user_kits (
  document_id uuid primary key,
  user_id text not null,
  kit_id integer not null,
  completed_lessons_count integer not null,
  total_lessons_count integer not null,
  completion_percentage double precision not null,
  unique (user_id, kit_id)
)`,
  },
];
