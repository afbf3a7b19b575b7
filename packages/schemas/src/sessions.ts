/**
 * Two-party sessions: each participant's progress reaches the other live; when the partner is not
 * present on the channel, the backend sends {@link sessionPushMessages} as a push notification.
 *
 * @module @switchboard/schemas/sessions
 */
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';
import { displayNameSchema, objectSchema } from './primitives.js';
import { sessionEvents } from './session-events.js';

export * from './session-events.js';
export * from './session-push-messages.js';

/** What a participant shows the other while present. */
export const participantPresenceSchema = objectSchema({
  /** The name to show, when the participant has one. */
  name: v.optional(displayNameSchema),
});

/**
 * `beheard:session:{sessionId}` — presence; only the session's two participants may join. Who
 * they are needs a lookup, so register `sessionAccess` from `@switchboard/schemas/access` in the app's rules (default deny).
 * Presence tells the backend whether the partner is online before it falls back to a push.
 */
export const session = defineChannel('beheard:session:{sessionId}', {
  access: 'presence',
  events: sessionEvents,
  presence: participantPresenceSchema,
  description: 'Events of one two-party session, for its two participants',
});

/** What a participant shows the other while present. */
export type ParticipantPresence = v.InferOutput<typeof participantPresenceSchema>;
