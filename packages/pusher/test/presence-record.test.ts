/**
 * Pusher's HTTP API lists presence members by id only: without a record the publisher says so
 * (`source: 'ids-only'`, no data); with the record its authorizer fills, it reports their data.
 */
import { allow, defineChannel } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryPresenceRecord } from '../src/index.js';
import { type PusherTestbed, startTestbed } from './harness.js';

const nameSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (value: unknown) =>
      typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
        ? { value: value as { name: string } }
        : { issues: [{ message: 'name must be a string' }] },
  },
};
const room = defineChannel('record:room:{id}', { access: 'presence', events: { ping: nameSchema }, presence: nameSchema });
const rules = [allow(room, () => true)];

let bed: PusherTestbed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe('pusher server presence', () => {
  it('without a presence record, members are ids only and say so', { timeout: 30_000 }, async () => {
    bed = await startTestbed([room], rules);
    await bed
      .subscriber({ id: 'ana' })
      .presence(room({ id: 'a' }))
      .enter({ name: 'Ana' });
    const members = await waitFor(
      async () => {
        const listed = await bed?.publisher().members(room({ id: 'a' }));
        return listed?.length ? listed : undefined;
      },
      15_000,
      'ana to be listed',
    );
    expect(members).toEqual([{ userId: 'ana', data: undefined, source: 'ids-only' }]);
  });

  it('with the record the authorizer fills, members carry the data and profile it signed', { timeout: 30_000 }, async () => {
    bed = await startTestbed([room], rules, { presenceRecord: memoryPresenceRecord() });
    await bed
      .subscriber({ id: 'bo', info: { avatar: 'b.png' } })
      .presence(room({ id: 'b' }))
      .enter({ name: 'Bo' });
    const members = await waitFor(
      async () => {
        const listed = await bed?.publisher().members(room({ id: 'b' }));
        return listed?.length ? listed : undefined;
      },
      15_000,
      'bo to be listed',
    );
    expect(members).toEqual([{ userId: 'bo', data: { name: 'Bo' }, info: { avatar: 'b.png' }, source: 'recorded' }]);
  });
});
