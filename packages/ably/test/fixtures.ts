/** Channels for the Ably adapter's own tests. */
import { defineChannel, ownerOnly, type StandardSchemaV1 } from '@switchboard/core';

const anyObject: StandardSchemaV1<Record<string, unknown>> = {
  '~standard': {
    version: 1,
    vendor: 'ably-tests',
    validate: (value) =>
      typeof value === 'object' && value !== null
        ? { value: value as Record<string, unknown> }
        : { issues: [{ message: 'expected an object' }] },
  },
};

export const feed = defineChannel('feed:{room}', { access: 'public', events: { tick: anyObject } });
export const inbox = defineChannel('inbox:{userId}', { access: 'private', events: { note: anyObject }, authorize: ownerOnly('userId') });
export const lobby = defineChannel('lobby:{room}', { access: 'presence', events: { note: anyObject }, authorize: () => true });

export const definitions = [feed, inbox, lobby];

let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`;
