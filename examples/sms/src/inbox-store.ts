/**
 * Every user's number, contacts and messages, in PostgreSQL (schema `sms`). Every query names the
 * user, so nothing here is shared between users. Writes take the caller's transaction.
 */
import type { SmsContact, SmsDeliveryStatus, SmsMessage } from '@switchboard/schemas/sms';
import { isoTime, type Queryable } from '@switchboard-example/kit';

interface ContactRow {
  id: string;
  phone_number: string;
  name: string | null;
  unread_count: number;
  last_message_at: unknown;
}

interface MessageRow {
  id: string;
  user_id: string;
  contact_id: string;
  phone_number_id: string;
  direction: 'inbound' | 'outbound';
  from_number: string;
  to_number: string;
  text: string;
  sent_at: unknown;
  status: SmsDeliveryStatus | null;
}

const toContact = (row: ContactRow): SmsContact => ({
  id: row.id,
  phoneNumber: row.phone_number,
  ...(row.name ? { name: row.name } : {}),
  unreadCount: row.unread_count,
  ...(row.last_message_at ? { lastMessageAt: isoTime(row.last_message_at) } : {}),
});

const toMessage = (row: MessageRow): SmsMessage => ({
  id: row.id,
  userId: row.user_id,
  contactId: row.contact_id,
  phoneNumberId: row.phone_number_id,
  direction: row.direction,
  from: row.from_number,
  to: row.to_number,
  text: row.text,
  timestamp: isoTime(row.sent_at),
});

export function createInboxStore() {
  return {
    /** The user's number, or `undefined` before it was assigned. */
    async numberOf(on: Queryable, userId: string): Promise<{ phoneNumberId: string; phoneNumber: string } | undefined> {
      const [row] = await on.query<{ phone_number_id: string; phone_number: string }>(
        'select phone_number_id, phone_number from sms.phone_numbers where user_id = $1',
        [userId],
      );
      return row ? { phoneNumberId: row.phone_number_id, phoneNumber: row.phone_number } : undefined;
    },
    /** Assigns `phoneNumber` to the user; `false` when it already was. */
    async assignNumber(on: Queryable, userId: string, phoneNumberId: string, phoneNumber: string): Promise<boolean> {
      const rows = await on.query(
        'insert into sms.phone_numbers (user_id, phone_number_id, phone_number) values ($1, $2, $3) on conflict do nothing returning user_id',
        [userId, phoneNumberId, phoneNumber],
      );
      return rows.length > 0;
    },
    async inboxOf(
      on: Queryable,
      userId: string,
    ): Promise<{ contacts: SmsContact[]; messages: Record<string, SmsMessage[]>; statuses: Record<string, SmsDeliveryStatus> }> {
      const contacts = await on.query<ContactRow>(
        'select id, phone_number, name, unread_count, last_message_at from sms.contacts where user_id = $1 order by last_message_at desc nulls last',
        [userId],
      );
      const rows = await on.query<MessageRow>('select * from sms.messages where user_id = $1 order by sent_at, id', [userId]);
      const messages: Record<string, SmsMessage[]> = {};
      const statuses: Record<string, SmsDeliveryStatus> = {};
      for (const row of rows) {
        const list = messages[row.contact_id] ?? [];
        list.push(toMessage(row));
        messages[row.contact_id] = list;
        if (row.status) statuses[row.id] = row.status;
      }
      return { contacts: contacts.map(toContact), messages, statuses };
    },
    /** Adds a message; returns the contact and whether it is new. */
    async add(
      on: Queryable,
      userId: string,
      contact: { id: string; phoneNumber: string; name?: string },
      message: SmsMessage,
    ): Promise<{ contact: SmsContact; created: boolean }> {
      const [row] = await on.query<ContactRow & { created: boolean }>(
        `insert into sms.contacts as existing (user_id, id, phone_number, name, unread_count, last_message_at)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (user_id, id) do update set
           unread_count = existing.unread_count + excluded.unread_count,
           last_message_at = excluded.last_message_at,
           name = coalesce(excluded.name, existing.name)
         returning id, phone_number, name, unread_count, last_message_at, (xmax = 0) as created`,
        [userId, contact.id, contact.phoneNumber, contact.name ?? null, message.direction === 'inbound' ? 1 : 0, message.timestamp],
      );
      await on.query(
        `insert into sms.messages (id, user_id, contact_id, phone_number_id, direction, from_number, to_number, text, sent_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          message.id,
          userId,
          message.contactId,
          message.phoneNumberId,
          message.direction,
          message.from,
          message.to,
          message.text,
          message.timestamp,
        ],
      );
      const created = (row as ContactRow & { created: boolean }).created;
      return { contact: toContact(row as ContactRow), created };
    },
    async setStatus(on: Queryable, userId: string, messageId: string, status: SmsDeliveryStatus): Promise<void> {
      await on.query('update sms.messages set status = $3 where id = $1 and user_id = $2', [messageId, userId, status]);
    },
    async markRead(on: Queryable, userId: string, contactId: string): Promise<void> {
      await on.query('update sms.contacts set unread_count = 0 where user_id = $1 and id = $2', [userId, contactId]);
    },
    async counts(on: Queryable) {
      const [row] = await on.query<{ users: number; messages: number }>(
        'select (select count(distinct user_id) from sms.messages)::int as users, (select count(*) from sms.messages)::int as messages',
      );
      return row ?? { users: 0, messages: 0 };
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
