/**
 * The Ably subscriber loads its presence reading (`presence-events.ts`) with the first presence
 * channel: the bundle benchmark (`FIRST_USE` in bench/bundle/build-bundles.mjs) leaves that chunk
 * out of what a page subscribing to one event downloads, and this proves the transport really does
 * not import it then.
 */
import { Collector } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, feed, lobby, unique } from './fixtures.js';

const imported = vi.hoisted(() => ({ presence: 0 }));

// Not a stand-in: the real module, counted when something imports it.
vi.mock('../src/subscriber/presence-events.js', async (original) => {
  imported.presence += 1;
  return original();
});

describe('ably presence reading, loaded on first use', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('subscribing to and receiving on a public channel imports no presence code; a presence channel does, and its members arrive', async () => {
    const publisher = bed.publisher();
    const subscriber = bed.subscriber({ id: 'ida' });
    const ticks = new Collector<unknown>();
    const channel = feed({ room: unique('lazy') });
    await subscriber.subscribe(channel, 'tick', ticks.push).ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await ticks.toHave(1);
    expect(imported.presence).toBe(0);

    const room = lobby({ room: unique('lazy') });
    await subscriber.presence(room).enter({ name: 'Ida' });
    expect(imported.presence).toBe(1);
    const members = await subscriber.presence(room).members();
    expect(members.map((member) => member.userId)).toEqual(['ida']);
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});
