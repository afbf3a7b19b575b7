// channels.ts — owner-only channels declare their rule; the rest get app rules.
import { allow, defineChannel, ownerOnly } from '@switchboard/core';
import * as v from 'valibot';
import { database } from '../your-app/database.js';

const lessonSchema = v.object({ lessonId: v.string(), isCompleted: v.boolean() });
const messageSchema = v.object({ text: v.string() });

// The catalogs declare owner-only channels with a default rule; nothing more to write.
export const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: { 'lesson:updated': lessonSchema },
  authorize: ownerOnly('userId'),
});

export const conversation = defineChannel('conversation:{conversationId}', {
  access: 'presence',
  events: { 'message:created': messageSchema },
});

// App rules override a definition's default; async is fine (a database lookup).
export const rules = [
  allow(
    conversation,
    async (user, { conversationId }) =>
      (await database.isConversationOwner(user.id, conversationId)) || { allowed: false, reason: 'not a member of this conversation' },
  ),
];
