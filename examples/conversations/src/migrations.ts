/** The conversations example's tables: one conversation per user, its messages, and the worker's jobs. */
import type { Migration } from '@switchboard-example/kit';

export const CONVERSATIONS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages and jobs',
    sql: `
create schema if not exists conversations;
create table conversations.conversations (
  id text primary key,
  owner_id text not null unique
);
create table conversations.messages (
  id uuid primary key,
  conversation_id text not null references conversations.conversations (id),
  role text not null check (role in ('user', 'assistant')),
  content text not null,
  created_at timestamptz not null
);
create index messages_by_conversation on conversations.messages (conversation_id, created_at);
create table conversations.jobs (
  id uuid primary key,
  conversation_id text not null references conversations.conversations (id),
  status text not null check (status in ('queued', 'done', 'failed')),
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
)`,
  },
];
