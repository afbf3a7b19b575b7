// server/realtime-rules.ts — who may subscribe. Server only: a rule and what it imports (here the
// database client) never reach a browser bundle, because the contract does not import this file.
import { allow, ownerOnly } from '@switchboard/core/server';
import { database } from '../your-app/database.js';
import { conversation, progress } from './channels.js';

export const rules = [
  // Owner-only: the user id must equal the channel's `userId`.
  allow(progress, ownerOnly('userId')),
  // Async is fine (a database lookup).
  allow(
    conversation,
    async (user, { conversationId }) =>
      (await database.isConversationOwner(user.id, conversationId)) || { allowed: false, reason: 'not a member of this conversation' },
  ),
];
