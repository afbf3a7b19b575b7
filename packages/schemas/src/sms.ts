/**
 * An SMS inbox: messages and delivery receipts per conversation with a contact, contact-list
 * changes, and account notifications. Every channel belongs to one user, named in its params.
 *
 * @module @switchboard/schemas/sms
 */
import { defineChannel, ownerOnly } from '@switchboard/core';
import * as v from 'valibot';
import { countSchema, displayNameSchema, idSchema, objectSchema, phoneNumberSchema, timestampSchema } from './primitives.js';

export const SMS_DIRECTIONS = ['inbound', 'outbound'] as const;

/** `message`: an SMS sent or received in a conversation. */
export const smsMessageSchema = objectSchema({
  id: idSchema,
  userId: idSchema,
  contactId: idSchema,
  /** The user's number that sent or received it. */
  phoneNumberId: idSchema,
  direction: v.picklist(SMS_DIRECTIONS, (issue) => `must be inbound or outbound, received ${issue.received}`),
  from: phoneNumberSchema,
  to: phoneNumberSchema,
  /** The message text; may be empty for a picture-only message. */
  text: v.string('must be a string'),
  timestamp: timestampSchema,
});

/** Delivery states reported by SMS carriers, in order. */
export const SMS_DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;

/** `message_status`: the carrier's latest word on an outbound message. */
export const smsMessageStatusSchema = objectSchema({
  messageId: idSchema,
  contactId: idSchema,
  status: v.picklist(SMS_DELIVERY_STATUSES, (issue) => `must be one of ${SMS_DELIVERY_STATUSES.join(', ')}, received ${issue.received}`),
  /** The carrier's error code when the status is `undelivered` or `failed`. */
  errorCode: v.optional(v.string('must be a string')),
  timestamp: timestampSchema,
});

/** Event name → payload schema of a conversation channel. */
export const smsConversationEvents = {
  message: smsMessageSchema,
  message_status: smsMessageStatusSchema,
};

/** `sms:{userId}:{contactId}` — private; only `userId` may subscribe. */
export const smsConversation = defineChannel('sms:{userId}:{contactId}', {
  access: 'private',
  events: smsConversationEvents,
  authorize: ownerOnly('userId'),
  description: "Messages and delivery receipts of one user's conversation with one contact",
});

/** A contact as the inbox lists it. */
export const smsContactSchema = objectSchema({
  id: idSchema,
  name: v.optional(displayNameSchema),
  phoneNumber: phoneNumberSchema,
  unreadCount: v.optional(countSchema),
  lastMessageAt: v.optional(timestampSchema),
});

/** `update`: a contact was created or changed (with the whole contact) or deleted (its id). */
export const smsContactUpdateSchema = v.variant(
  'action',
  [
    objectSchema({ action: v.picklist(['create', 'update']), contact: smsContactSchema }),
    objectSchema({ action: v.literal('delete'), contact: objectSchema({ id: idSchema }) }),
  ],
  (issue) => `must be create, update or delete, received ${issue.received}`,
);

/** Event name → payload schema of the contacts channel. */
export const smsContactEvents = { update: smsContactUpdateSchema };

/** `contacts:{userId}` — private; only `userId` may subscribe. */
export const smsContacts = defineChannel('contacts:{userId}', {
  access: 'private',
  events: smsContactEvents,
  authorize: ownerOnly('userId'),
  description: "Changes to one user's contact list",
});

/** `sms_received`: a short notice for badges and toasts, on whatever page the user is. */
export const smsReceivedSchema = objectSchema({
  messageId: idSchema,
  contactId: idSchema,
  phoneNumberId: idSchema,
  from: phoneNumberSchema,
  /** The start of the text, for a toast. */
  preview: v.pipe(v.string('must be a string'), v.maxLength(160, 'must be at most 160 characters')),
  timestamp: timestampSchema,
});

/** `phone_number_assignment`: a number was assigned to or taken from the user. */
export const phoneNumberAssignmentSchema = objectSchema({
  phoneNumberId: idSchema,
  phoneNumber: phoneNumberSchema,
  action: v.picklist(['assigned', 'unassigned'], (issue) => `must be assigned or unassigned, received ${issue.received}`),
  timestamp: timestampSchema,
});

/** Event name → payload schema of the notifications channel. */
export const smsNotificationEvents = {
  sms_received: smsReceivedSchema,
  phone_number_assignment: phoneNumberAssignmentSchema,
};

/** `notifications:{userId}` — private; only `userId` may subscribe. */
export const smsNotifications = defineChannel('notifications:{userId}', {
  access: 'private',
  events: smsNotificationEvents,
  authorize: ownerOnly('userId'),
  description: "One user's account notifications",
});

export type SmsDirection = (typeof SMS_DIRECTIONS)[number];
export type SmsDeliveryStatus = (typeof SMS_DELIVERY_STATUSES)[number];
export type SmsMessage = v.InferOutput<typeof smsMessageSchema>;
export type SmsMessageStatus = v.InferOutput<typeof smsMessageStatusSchema>;
export type SmsContact = v.InferOutput<typeof smsContactSchema>;
export type SmsContactUpdate = v.InferOutput<typeof smsContactUpdateSchema>;
export type SmsReceived = v.InferOutput<typeof smsReceivedSchema>;
export type PhoneNumberAssignment = v.InferOutput<typeof phoneNumberAssignmentSchema>;
