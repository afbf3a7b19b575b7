/**
 * Chat assistant conversations: the backend and its workers stream the assistant's messages and
 * search progress to the one user who owns the conversation. Subscribers never publish.
 *
 * @module @switchboard/schemas/conversations
 */
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';
import { countSchema, idSchema, objectSchema, textSchema, timestampSchema } from './primitives.js';

/** `message`: a new assistant message. */
export const assistantMessageSchema = objectSchema({
  /** The message id. */
  id: idSchema,
  /** Always `assistant`: user messages are not broadcast. */
  role: v.literal('assistant', 'must be "assistant"'),
  /** The message text. */
  content: textSchema,
  /** When it was written. */
  createdAt: timestampSchema,
});

/** The phases a conversation's background work goes through. */
export const CONVERSATION_STATUSES = ['searching', 'processing', 'complete', 'error'] as const;

/** `status`: progress of the work behind the conversation; an `error` always says why. */
export const conversationStatusSchema = v.pipe(
  objectSchema({
    /** The phase the work is in. */
    status: v.picklist(CONVERSATION_STATUSES, (issue) => `must be one of ${CONVERSATION_STATUSES.join(', ')}, received ${issue.received}`),
    /** Human-readable detail ("Searching 3 sources…", the error message). */
    detail: v.optional(v.string('must be a string')),
    /** When the status changed. */
    timestamp: timestampSchema,
  }),
  v.forward(
    v.check((update) => update.status !== 'error' || (update.detail ?? '').length > 0, 'is required when status is "error"'),
    ['detail'],
  ),
);

/** `complete`: the work finished; the goal it produced and how many opportunities were found. */
export const conversationCompleteSchema = objectSchema({
  /** The goal the work produced. */
  goalId: idSchema,
  /** How many opportunities were found. */
  opportunitiesCount: countSchema,
});

/** Event name → payload schema of the conversation channel. */
export const conversationEvents = {
  /** A new assistant message. */
  message: assistantMessageSchema,
  /** The phase the work is in. */
  status: conversationStatusSchema,
  /** The work finished. */
  complete: conversationCompleteSchema,
};

/**
 * `conversation:{conversationId}` — private, subscribe-only for the owner. Ownership needs a
 * lookup, so the definition has no rule of its own: register `conversationAccess` from `@switchboard/schemas/access` in the
 * app's rules, or every subscription is refused (default deny).
 */
export const conversation = defineChannel('conversation:{conversationId}', {
  access: 'private',
  events: conversationEvents,
  description: "An assistant conversation's messages and progress, for its owner",
});

/** Payload of `message`. */
export type AssistantMessage = v.InferOutput<typeof assistantMessageSchema>;
/** One of {@link CONVERSATION_STATUSES}. */
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** Payload of `status`. */
export type ConversationStatusUpdate = v.InferOutput<typeof conversationStatusSchema>;
/** Payload of `complete`. */
export type ConversationComplete = v.InferOutput<typeof conversationCompleteSchema>;
/** Every event of the conversation channel with its payload type. */
export type ConversationEventMap = { [E in keyof typeof conversationEvents]: v.InferOutput<(typeof conversationEvents)[E]> };
