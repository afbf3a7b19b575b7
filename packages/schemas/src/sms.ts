/**
 * An SMS inbox: messages and delivery receipts per conversation with a contact, contact-list
 * changes, and account notifications. Every channel belongs to one user, named in its params.
 *
 * @module @switchboard/schemas/sms
 */
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';
import { countSchema, displayNameSchema, idSchema, objectSchema, phoneNumberSchema, timestampSchema } from './primitives.js';

/** Whether a message was received or sent. */
export const SMS_DIRECTIONS = ['inbound', 'outbound'] as const;

/** `message`: an SMS sent or received in a conversation. */
export const smsMessageSchema = objectSchema({
  /** Its id. */
  id: idSchema,
  /** The inbox owner. */
  userId: idSchema,
  /** The contact. */
  contactId: idSchema,
  /** The user's number that sent or received it. */
  phoneNumberId: idSchema,
  /** `inbound` (received) or `outbound` (sent). */
  direction: v.picklist(SMS_DIRECTIONS, (issue) => `must be inbound or outbound, received ${issue.received}`),
  /** Sender number, E.164. */
  from: phoneNumberSchema,
  /** Recipient number, E.164. */
  to: phoneNumberSchema,
  /** The message text; may be empty for a picture-only message. */
  text: v.string('must be a string'),
  /** When it happened. */
  timestamp: timestampSchema,
});

/** Delivery states reported by SMS carriers, in order. */
export const SMS_DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;

/** `message_status`: the carrier's latest word on an outbound message. */
export const smsMessageStatusSchema = objectSchema({
  /** The message. */
  messageId: idSchema,
  /** The contact. */
  contactId: idSchema,
  /** The delivery state. */
  status: v.picklist(SMS_DELIVERY_STATUSES, (issue) => `must be one of ${SMS_DELIVERY_STATUSES.join(', ')}, received ${issue.received}`),
  /** The carrier's error code when the status is `undelivered` or `failed`. */
  errorCode: v.optional(v.string('must be a string')),
  /** When it happened. */
  timestamp: timestampSchema,
});

/** Event name → payload schema of a conversation channel. */
export const smsConversationEvents = {
  /** An SMS was sent or received. */
  message: smsMessageSchema,
  /** The carrier reported on an outbound message. */
  message_status: smsMessageStatusSchema,
};

/** `sms:{userId}:{contactId}` — private; only `userId` may subscribe. */
export const smsConversation = defineChannel('sms:{userId}:{contactId}', {
  access: 'private',
  events: smsConversationEvents,
  description: "Messages and delivery receipts of one user's conversation with one contact",
});

/** A contact as the inbox lists it. */
export const smsContactSchema = objectSchema({
  /** Its id. */
  id: idSchema,
  /** Display name, when known. */
  name: v.optional(displayNameSchema),
  /** The number, E.164. */
  phoneNumber: phoneNumberSchema,
  /** Messages not read yet. */
  unreadCount: v.optional(countSchema),
  /** When the last message was sent or received. */
  lastMessageAt: v.optional(timestampSchema),
});

/** `update`: a contact was created or changed (with the whole contact) or deleted (its id). */
export const smsContactUpdateSchema = v.variant(
  'action',
  [
    objectSchema({
      /** The contact was created or changed. */
      action: v.picklist(['create', 'update']),
      /** The whole contact after the change. */
      contact: smsContactSchema,
    }),
    objectSchema({
      /** The contact was deleted. */
      action: v.literal('delete'),
      /** Only its id is left. */
      contact: objectSchema({
        /** The deleted contact's id. */
        id: idSchema,
      }),
    }),
  ],
  (issue) => `must be create, update or delete, received ${issue.received}`,
);

/** Event name → payload schema of the contacts channel. */
export const smsContactEvents = {
  /** A contact was created, changed or deleted. */
  update: smsContactUpdateSchema,
};

/** `contacts:{userId}` — private; only `userId` may subscribe. */
export const smsContacts = defineChannel('contacts:{userId}', {
  access: 'private',
  events: smsContactEvents,
  description: "Changes to one user's contact list",
});

/** `sms_received`: a short notice for badges and toasts, on whatever page the user is. */
export const smsReceivedSchema = objectSchema({
  /** The message. */
  messageId: idSchema,
  /** The contact. */
  contactId: idSchema,
  /** The user's number. */
  phoneNumberId: idSchema,
  /** Sender number, E.164. */
  from: phoneNumberSchema,
  /** The start of the text, for a toast. */
  preview: v.pipe(v.string('must be a string'), v.maxLength(160, 'must be at most 160 characters')),
  /** When it happened. */
  timestamp: timestampSchema,
});

/** `phone_number_assignment`: a number was assigned to or taken from the user. */
export const phoneNumberAssignmentSchema = objectSchema({
  /** The user's number. */
  phoneNumberId: idSchema,
  /** The number, E.164. */
  phoneNumber: phoneNumberSchema,
  /** Assigned to or taken from the user. */
  action: v.picklist(['assigned', 'unassigned'], (issue) => `must be assigned or unassigned, received ${issue.received}`),
  /** When it happened. */
  timestamp: timestampSchema,
});

/** Event name → payload schema of the notifications channel. */
export const smsNotificationEvents = {
  /** An SMS arrived (a short notice for badges and toasts). */
  sms_received: smsReceivedSchema,
  /** A number was assigned or unassigned. */
  phone_number_assignment: phoneNumberAssignmentSchema,
};

/** `notifications:{userId}` — private; only `userId` may subscribe. */
export const smsNotifications = defineChannel('notifications:{userId}', {
  access: 'private',
  events: smsNotificationEvents,
  description: "One user's account notifications",
});

/** One of {@link SMS_DIRECTIONS}. */
export type SmsDirection = (typeof SMS_DIRECTIONS)[number];
/** One of {@link SMS_DELIVERY_STATUSES}. */
export type SmsDeliveryStatus = (typeof SMS_DELIVERY_STATUSES)[number];
/** Payload of `message`. */
export type SmsMessage = v.InferOutput<typeof smsMessageSchema>;
/** Payload of `message_status`. */
export type SmsMessageStatus = v.InferOutput<typeof smsMessageStatusSchema>;
/** A contact as the inbox lists it. */
export type SmsContact = v.InferOutput<typeof smsContactSchema>;
/** Payload of `update`. */
export type SmsContactUpdate = v.InferOutput<typeof smsContactUpdateSchema>;
/** Payload of `sms_received`. */
export type SmsReceived = v.InferOutput<typeof smsReceivedSchema>;
/** Payload of `phone_number_assignment`. */
export type PhoneNumberAssignment = v.InferOutput<typeof phoneNumberAssignmentSchema>;
