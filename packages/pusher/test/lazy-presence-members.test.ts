/**
 * The Pusher subscriber loads its presence-member code with the first presence channel: the bundle
 * benchmark (`FIRST_USE` in bench/bundle/build-bundles.mjs) leaves that chunk out of what a page
 * subscribing to one event downloads, and this proves the transport really does not import it then.
 */
import { Collector } from '@switchboard/testing';
import { presenceRoom, publicRoom } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PusherTestbed, startTestbed } from './harness.js';

const imported = vi.hoisted(() => ({ members: 0 }));

// Not a stand-in: the real module, counted when something imports it.
vi.mock('../src/subscriber/presence-members.js', async (original) => {
  imported.members += 1;
  return original();
});

describe('pusher presence members, loaded on first use', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([publicRoom, presenceRoom]);
  });
  afterAll(() => testbed.close());

  it('subscribing to and receiving on a public channel imports no member code; attaching a presence channel does, and its members arrive', async () => {
    const subscriber = testbed.subscriber({ id: 'lee', info: { name: 'Lee' } });
    const notes = new Collector<number>();
    const room = publicRoom({ room: 'lazy' });
    await subscriber.subscribe(room, 'note', (data) => notes.push(data.n)).ready;
    const publisher = testbed.publisher();
    await publisher.publish(room, 'note', { text: 'hi', n: 1 });
    await notes.toHave(1);
    expect(imported.members).toBe(0);

    const lounge = presenceRoom({ room: 'lazy' });
    await subscriber.presence(lounge).enter({ name: 'Lee' });
    expect(imported.members).toBe(1);
    const members = await subscriber.presence(lounge).members();
    expect(members.map((member) => member.userId)).toEqual(['lee']);
    await publisher.close();
  });
});
