// The contract: a chat room keeps its last 200 messages for an hour in the history store.
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';

declare const message: StandardSchemaV1<{ text: string; author: string }>;
declare const edited: StandardSchemaV1<{ messageId: string; text: string }>;

export const chat = defineChannel('chat:room:{roomId}', {
  access: 'public',
  events: { message, edited },
  history: { maxMessages: 200, maxAgeMs: 60 * 60 * 1000 },
});
