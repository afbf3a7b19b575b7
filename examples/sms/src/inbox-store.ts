/** Every user's contacts and messages, in memory. Nothing here is shared between users. */
import type { SmsContact, SmsMessage } from '@switchboard/schemas/sms';

export interface Inbox {
  contacts: Map<string, SmsContact>;
  messages: Map<string, SmsMessage[]>;
}

export function createInboxStore() {
  const inboxes = new Map<string, Inbox>();
  const inboxOf = (userId: string): Inbox => {
    let inbox = inboxes.get(userId);
    if (!inbox) {
      inbox = { contacts: new Map(), messages: new Map() };
      inboxes.set(userId, inbox);
    }
    return inbox;
  };
  return {
    inboxOf,
    /** Adds a message; returns the contact and whether it is new. */
    add(userId: string, contact: Omit<SmsContact, 'unreadCount' | 'lastMessageAt'>, message: SmsMessage) {
      const inbox = inboxOf(userId);
      const existing = inbox.contacts.get(contact.id);
      const unread = (existing?.unreadCount ?? 0) + (message.direction === 'inbound' ? 1 : 0);
      const updated: SmsContact = { ...existing, ...contact, unreadCount: unread, lastMessageAt: message.timestamp };
      inbox.contacts.set(contact.id, updated);
      inbox.messages.set(contact.id, [...(inbox.messages.get(contact.id) ?? []), message]);
      return { contact: updated, created: !existing };
    },
    markRead(userId: string, contactId: string): void {
      const contact = inboxOf(userId).contacts.get(contactId);
      if (contact) contact.unreadCount = 0;
    },
    counts() {
      let messages = 0;
      for (const inbox of inboxes.values()) for (const list of inbox.messages.values()) messages += list.length;
      return { users: inboxes.size, messages };
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
