/** The sessions example's tables: two-party sessions, each participant's stage, and proposed agreements. */
import type { Migration } from '@switchboard-example/kit';

export const SESSIONS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, stages and agreements',
    sql: `
create schema if not exists sessions;
create table sessions.sessions (
  id text primary key,
  -- The order sessions are listed in (a user's first one opens by default).
  position serial,
  first_participant text not null,
  second_participant text not null,
  paused boolean not null default false
);
create table sessions.stages (
  session_id text not null references sessions.sessions (id),
  user_id text not null,
  stage integer not null default 0,
  primary key (session_id, user_id)
);
create table sessions.agreements (
  id uuid primary key,
  session_id text not null references sessions.sessions (id),
  proposed_by text not null,
  summary text not null,
  proposed_at timestamptz not null default now()
)`,
  },
];
