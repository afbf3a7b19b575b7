/** Channels of this package's own tests (the conformance suite brings its own). */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core';

const counter: StandardSchemaV1<{ n: number }> = {
  '~standard': {
    version: 1,
    vendor: 'socket-io-tests',
    validate: (value) =>
      typeof (value as { n?: unknown })?.n === 'number'
        ? { value: value as { n: number } }
        : { issues: [{ message: 'n must be a number' }] },
  },
};

export const room = defineChannel('tests:room:{roomId}', { access: 'public', events: { tick: counter } });
export const lobby = defineChannel('tests:lobby:{roomId}', {
  access: 'presence',
  events: { tick: counter },
  authorize: (user) => user.id.length > 0,
});
export const inbox = defineChannel('tests:inbox:{userId}', {
  access: 'private',
  events: { tick: counter },
  authorize: (user, { userId }) => user.id === userId,
});

export const testChannels = [room, lobby, inbox];

let sequence = 0;
export const uniqueId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++sequence).toString(36)}`;
