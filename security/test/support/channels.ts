/** The app under attack: a private inbox per user and a shared presence room, with their rules. */
import { defineChannel, ownerOnly, type StandardSchemaV1 } from '@switchboard/core';
import { objectSchema } from '@switchboard/testing/conformance';

export const inbox = defineChannel('secure:inbox:{userId}', {
  access: 'private',
  events: { note: objectSchema({ text: 'string', n: 'number' }) },
  authorize: ownerOnly('userId'),
});

export const room = defineChannel('secure:room:{room}', {
  access: 'presence',
  events: { note: objectSchema({ text: 'string', n: 'number' }) },
  presence: objectSchema({ name: 'string' }) as StandardSchemaV1<{ name: string }>,
  authorize: (user) => user.id.length > 0,
});

const typing = objectSchema({ name: 'string' }) as StandardSchemaV1<{ name: string }>;

/** A presence room whose members whisper who is typing. */
export const huddle = defineChannel('secure:huddle:{room}', {
  access: 'presence',
  events: { note: objectSchema({ text: 'string', n: 'number' }) },
  presence: objectSchema({ name: 'string' }) as StandardSchemaV1<{ name: string }>,
  clientEvents: { typing },
  authorize: (user) => user.id.length > 0,
});

/** A private channel of one user, whose devices whisper to each other. */
export const desk = defineChannel('secure:desk:{userId}', {
  access: 'private',
  events: { note: objectSchema({ text: 'string', n: 'number' }) },
  clientEvents: { typing },
  authorize: ownerOnly('userId'),
});

/** A public channel: no client events, whatever a client sends. */
export const lobby = defineChannel('secure:lobby:{room}', {
  access: 'public',
  events: { note: objectSchema({ text: 'string', n: 'number' }) },
});

export const channels = [inbox, room, huddle, desk, lobby] as const;

let counter = 0;
/** A name unique to this test run, so cases never share channels or users. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`;
