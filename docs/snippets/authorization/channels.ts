// channels.ts — the contract, imported by the backend and the frontend: channels and schemas only.
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';

const lessonSchema = v.object({ lessonId: v.string(), isCompleted: v.boolean() });
const messageSchema = v.object({ text: v.string() });

export const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: { 'lesson:updated': lessonSchema },
});

export const conversation = defineChannel('conversation:{conversationId}', {
  access: 'presence',
  events: { 'message:created': messageSchema },
});
