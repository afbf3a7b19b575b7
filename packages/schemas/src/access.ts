/**
 * Who may subscribe to the catalogs' channels — server code. Pass these to `createAuthHandler`
 * (and to the Socket.IO hub) beside the channels; the catalogs themselves declare channels and
 * schemas only, so a browser bundle of a catalog carries no access rule and nothing a rule
 * imports (Laravel's `routes/channels.php` is the precedent).
 *
 * @example
 * createAuthHandler({ channels: [progress, ...smsChannels], rules: [progressAccess, ...smsAccess], authenticate, authorizer });
 *
 * @module @switchboard/schemas/access
 */
import { type AccessRuleEntry, type AccessRules, allow, ownerOnly } from '@switchboard/core/server';
import { chapterViewers } from './comments.js';
import { conversation } from './conversations.js';
import { progress } from './progress.js';
import { session } from './sessions.js';
import { smsContacts, smsConversation, smsNotifications } from './sms.js';

/** {@link progress}: only the learner whose id is in the channel may subscribe. */
export const progressAccess: AccessRuleEntry = /* @__PURE__ */ allow(progress, ownerOnly('userId'));

/** The SMS inbox channels: only the user whose id is in the channel may subscribe. */
export const smsAccess: AccessRules = [
  /* @__PURE__ */ allow(smsConversation, ownerOnly('userId')),
  /* @__PURE__ */ allow(smsContacts, ownerOnly('userId')),
  /* @__PURE__ */ allow(smsNotifications, ownerOnly('userId')),
];

/** {@link chapterViewers}: any signed-in user may join; replace it with a rule of your own to gate chapters. */
export const chapterViewersAccess: AccessRuleEntry = /* @__PURE__ */ allow(chapterViewers, () => true);

/** Answers whether `userId` owns `conversationId` (usually one database query). */
export type ConversationOwnerCheck = (userId: string, conversationId: string) => boolean | Promise<boolean>;

/**
 * The access rule of {@link conversation}: only the owner may subscribe.
 *
 * @example
 * const rules = [conversationAccess((userId, id) => db.conversation.exists({ id, userId }))];
 */
export function conversationAccess(isOwner: ConversationOwnerCheck): AccessRuleEntry {
  return allow(conversation, async (user, { conversationId }) =>
    (await isOwner(user.id, conversationId)) ? true : { allowed: false, reason: `conversation ${conversationId} belongs to another user` },
  );
}

/** Answers whether `userId` is one of the two participants of `sessionId`. */
export type SessionParticipantCheck = (userId: string, sessionId: string) => boolean | Promise<boolean>;

/**
 * The access rule of {@link session}: only its participants may subscribe and be present.
 *
 * @example
 * const rules = [sessionAccess(async (userId, id) => (await db.session.participants(id)).includes(userId))];
 */
export function sessionAccess(isParticipant: SessionParticipantCheck): AccessRuleEntry {
  return allow(session, async (user, { sessionId }) =>
    (await isParticipant(user.id, sessionId))
      ? true
      : { allowed: false, reason: `user ${user.id} is not a participant of session ${sessionId}` },
  );
}
