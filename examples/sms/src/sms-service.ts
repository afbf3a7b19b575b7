/**
 * What happens when an SMS moves: store it in the owner's inbox and queue, in the same
 * `writeAndPublish`, its messages on the owner's channels only — the conversation
 * (`sms:{userId}:{contactId}`), the contact list, and a notification for inbound messages.
 * Outbound messages also get the carrier's delivery receipts, each stored before it is published.
 * A user's number is assigned on first use and announced with `phone_number_assignment` on their
 * notifications channel, as the seed's `publishPhoneNumberAssignment` does.
 *
 * The functions only record their messages (in the transactional outbox, inside the write's
 * transaction) and answer; the kit's relay sends them, so a function answers well inside a 10 s
 * limit however long the provider is away.
 */
import { randomUUID } from 'node:crypto';
import { type SmsMessage, smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import type { Database, Queryable, QueuedMessages, WriteAndPublish } from '@switchboard-example/kit';
import type { InboxStore } from './inbox-store.js';
import { contactIdOf, nameOf, numberOf, ownerOf } from './phone-book.js';

export interface SmsServiceOptions {
  database: Database;
  writeAndPublish: WriteAndPublish;
  store: InboxStore;
  users: ReadonlyArray<{ id: string; name: string }>;
  /** Time between simulated delivery receipts. @default 300 */
  receiptStepMs?: number;
  /** Where background failures (the simulated carrier's receipts) are reported. @default console.error */
  log?: (line: string) => void;
}

export function createSmsService(options: SmsServiceOptions) {
  const { database, writeAndPublish, store } = options;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const now = () => new Date().toISOString();
  const log = options.log ?? ((line: string) => console.error(line));

  /** The user's number from the phone book, assigned (and announced) on first use; `undefined` for a user without one. */
  async function assignedNumber(userId: string): Promise<{ phoneNumberId: string; phoneNumber: string } | undefined> {
    const known = await store.numberOf(database, userId);
    if (known) return known;
    const phoneNumber = numberOf(userId);
    if (!phoneNumber) return undefined;
    const phoneNumberId = `num-${userId}`;
    await writeAndPublish(async (transaction, messages) => {
      if (!(await store.assignNumber(transaction, userId, phoneNumberId, phoneNumber))) return;
      await messages.add(smsNotifications({ userId }), 'phone_number_assignment', {
        phoneNumberId,
        phoneNumber,
        action: 'assigned',
        timestamp: now(),
      });
    });
    return { phoneNumberId, phoneNumber };
  }

  async function record(transaction: Queryable, messages: QueuedMessages, userId: string, message: SmsMessage, counterpart: string) {
    const name = nameOf(counterpart, options.users);
    const { contact, created } = await store.add(
      transaction,
      userId,
      { id: message.contactId, phoneNumber: counterpart, ...(name ? { name } : {}) },
      message,
    );
    // The contact first, so a page can subscribe to a new conversation before it needs it.
    await messages.add(smsContacts({ userId }), 'update', { action: created ? 'create' : 'update', contact });
    await messages.add(smsConversation({ userId, contactId: message.contactId }), 'message', message);
  }

  /** An SMS arrives at `to` (one of our users' numbers). Returns the message, or `undefined` for a number nobody has. */
  async function receive(input: { from: string; to: string; text: string }): Promise<SmsMessage | undefined> {
    const userId = ownerOf(input.to);
    const number = userId ? await assignedNumber(userId) : undefined;
    if (!userId || !number) return undefined;
    const message: SmsMessage = {
      id: randomUUID(),
      userId,
      contactId: contactIdOf(input.from),
      phoneNumberId: number.phoneNumberId,
      direction: 'inbound',
      from: input.from,
      to: input.to,
      text: input.text,
      timestamp: now(),
    };
    return writeAndPublish(async (transaction, messages) => {
      await record(transaction, messages, userId, message, input.from);
      await messages.add(smsNotifications({ userId }), 'sms_received', {
        messageId: message.id,
        contactId: message.contactId,
        phoneNumberId: message.phoneNumberId,
        from: input.from,
        preview: input.text.slice(0, 160),
        timestamp: message.timestamp,
      });
      return message;
    });
  }

  /** Stores and publishes one delivery receipt of `message`. */
  function receipt(message: SmsMessage, status: 'queued' | 'sent' | 'delivered') {
    return writeAndPublish(async (transaction, messages) => {
      await store.setStatus(transaction, message.userId, message.id, status);
      await messages.add(smsConversation({ userId: message.userId, contactId: message.contactId }), 'message_status', {
        messageId: message.id,
        contactId: message.contactId,
        status,
        timestamp: now(),
      });
    });
  }

  /** `userId` sends an SMS; the simulated carrier reports its delivery, and delivers it if `to` is one of ours. */
  async function send(userId: string, to: string, text: string): Promise<SmsMessage> {
    const number = await assignedNumber(userId);
    if (!number) throw new Error(`${userId} has no phone number`);
    const message: SmsMessage = {
      id: randomUUID(),
      userId,
      contactId: contactIdOf(to),
      phoneNumberId: number.phoneNumberId,
      direction: 'outbound',
      from: number.phoneNumber,
      to,
      text,
      timestamp: now(),
    };
    await writeAndPublish(async (transaction, messages) => record(transaction, messages, userId, message, to));
    await receipt(message, 'queued');
    const step = options.receiptStepMs ?? 300;
    const later = (ms: number, action: () => Promise<unknown>) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        // The carrier's side: its receipt is stored before it is published, so a failed send
        // leaves it on record (the page shows it after a reload).
        action().catch((error: unknown) => log(`[sms] delivery receipt of ${message.id}: ${(error as Error).message}`));
      }, ms);
      timers.add(timer);
    };
    later(step, () => receipt(message, 'sent'));
    later(2 * step, async () => {
      await receive({ from: number.phoneNumber, to, text });
      await receipt(message, 'delivered');
    });
    return message;
  }

  return {
    assignedNumber,
    receive,
    send,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type SmsService = ReturnType<typeof createSmsService>;
