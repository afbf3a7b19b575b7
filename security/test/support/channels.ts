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

export const channels = [inbox, room] as const;

let counter = 0;
/** A name unique to this test run, so cases never share channels or users. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`;
