/**
 * What happens when an SMS moves: store it in the owner's inbox, then publish on the owner's
 * channels only — the conversation (`sms:{userId}:{contactId}`), the contact list when the
 * contact is new, and a notification for inbound messages. Outbound messages also get the
 * carrier's delivery receipts.
 */
import { randomUUID } from 'node:crypto';
import type { RealtimePublisher } from '@switchboard/core/server';
import { type SmsMessage, smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import type { InboxStore } from './inbox-store.js';
import { contactIdOf, nameOf, numberOf, ownerOf } from './phone-book.js';

export interface SmsServiceOptions {
  publisher: RealtimePublisher;
  store: InboxStore;
  users: ReadonlyArray<{ id: string; name: string }>;
  /** Time between simulated delivery receipts. @default 300 */
  receiptStepMs?: number;
}

export function createSmsService(options: SmsServiceOptions) {
  const { publisher, store } = options;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const now = () => new Date().toISOString();

  async function record(userId: string, message: SmsMessage, counterpart: string): Promise<void> {
    const { contact, created } = store.add(
      userId,
      {
        id: message.contactId,
        phoneNumber: counterpart,
        ...(nameOf(counterpart, options.users) ? { name: nameOf(counterpart, options.users) } : {}),
      },
      message,
    );
    // The contact first, so a page can subscribe to a new conversation before it needs it.
    await publisher.publish(smsContacts({ userId }), 'update', { action: created ? 'create' : 'update', contact });
    await publisher.publish(smsConversation({ userId, contactId: message.contactId }), 'message', message);
  }

  /** An SMS arrives at `to` (one of our users' numbers). Returns the owner, or `undefined`. */
  async function receive(input: { from: string; to: string; text: string }): Promise<SmsMessage | undefined> {
    const userId = ownerOf(input.to);
    if (!userId) return undefined;
    const message: SmsMessage = {
      id: randomUUID(),
      userId,
      contactId: contactIdOf(input.from),
      phoneNumberId: `num-${userId}`,
      direction: 'inbound',
      from: input.from,
      to: input.to,
      text: input.text,
      timestamp: now(),
    };
    await record(userId, message, input.from);
    await publisher.publish(smsNotifications({ userId }), 'sms_received', {
      messageId: message.id,
      contactId: message.contactId,
      phoneNumberId: message.phoneNumberId,
      from: input.from,
      preview: input.text.slice(0, 160),
      timestamp: message.timestamp,
    });
    return message;
  }

  /** `userId` sends an SMS; the simulated carrier reports its delivery, and delivers it if `to` is one of ours. */
  async function send(userId: string, to: string, text: string): Promise<SmsMessage> {
    const from = numberOf(userId);
    if (!from) throw new Error(`${userId} has no phone number`);
    const message: SmsMessage = {
      id: randomUUID(),
      userId,
      contactId: contactIdOf(to),
      phoneNumberId: `num-${userId}`,
      direction: 'outbound',
      from,
      to,
      text,
      timestamp: now(),
    };
    await record(userId, message, to);
    const channel = smsConversation({ userId, contactId: message.contactId });
    const receipt = (status: 'queued' | 'sent' | 'delivered') =>
      publisher.publish(channel, 'message_status', { messageId: message.id, contactId: message.contactId, status, timestamp: now() });
    await receipt('queued');
    const step = options.receiptStepMs ?? 300;
    const later = (ms: number, action: () => Promise<unknown>) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action().catch((error: unknown) => console.error('[sms] delivery simulation failed:', error));
      }, ms);
      timers.add(timer);
    };
    later(step, () => receipt('sent'));
    later(2 * step, async () => {
      await receive({ from, to, text });
      await receipt('delivered');
    });
    return message;
  }

  return {
    receive,
    send,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type SmsService = ReturnType<typeof createSmsService>;
