/** The sms example's tables: each user's assigned number, contacts, messages and delivery statuses. */
import type { Migration } from '@switchboard-example/kit';

export const SMS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'numbers, contacts, messages',
    sql: `
create schema if not exists sms;
create table sms.phone_numbers (
  user_id text primary key,
  phone_number_id text not null unique,
  phone_number text not null unique,
  assigned_at timestamptz not null default now()
);
create table sms.contacts (
  user_id text not null,
  id text not null,
  phone_number text not null,
  name text,
  unread_count integer not null default 0,
  last_message_at timestamptz,
  primary key (user_id, id)
);
create table sms.messages (
  id uuid primary key,
  user_id text not null,
  contact_id text not null,
  phone_number_id text not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  from_number text not null,
  to_number text not null,
  text text not null,
  sent_at timestamptz not null,
  status text,
  foreign key (user_id, contact_id) references sms.contacts (user_id, id)
);
create index messages_by_conversation on sms.messages (user_id, contact_id, sent_at)`,
  },
];
