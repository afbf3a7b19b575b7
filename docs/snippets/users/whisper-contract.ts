// Shared contract: a presence channel whose members whisper who is typing and where their cursor is.
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';

declare const comment: StandardSchemaV1<{ text: string }>;
declare const viewer: StandardSchemaV1<{ name: string }>;
declare const typing: StandardSchemaV1<{ typing: boolean }>;
declare const cursor: StandardSchemaV1<{ x: number; y: number }>;

export const document = defineChannel('doc:{docId}', {
  access: 'presence',
  events: { 'comment:new': comment },
  presence: viewer,
  clientEvents: { 'viewer:typing': typing, 'viewer:cursor': cursor },
});
