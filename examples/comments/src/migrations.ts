/** The comments example's tables: each chapter's comments (the chapters themselves are course content in code). */
import type { Migration } from '@switchboard-example/kit';

export const COMMENTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'comments',
    sql: `
create schema if not exists comments;
create table comments.comments (
  id uuid primary key,
  chapter_id text not null,
  text text not null,
  author_id text not null,
  author_name text not null,
  parent_id uuid references comments.comments (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index comments_by_chapter on comments.comments (chapter_id, created_at);
insert into comments.comments (id, chapter_id, text, author_id, author_name, created_at, updated_at)
values ('00000000-0000-4000-8000-000000000001', 'realtime-basics',
  'The presence part finally made sense once I opened this page in two windows.', 'alan', 'Alan Turing', now(), now())`,
  },
];
