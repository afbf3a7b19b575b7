/**
 * The Pusher subscriber loads channel authorization when pusher-js first authorizes a private or
 * presence channel, and its presence-member code with the first presence channel: the bundle
 * benchmark (`FIRST_USE` in bench/bundle/build-bundles.mjs) leaves those chunks out of what a page
 * subscribing to one public event downloads, and this proves the transport really does not import
 * them then.
 */
import { Collector } from '@switchboard/testing';
import { presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PusherTestbed, startTestbed } from './harness.js';

const imported = vi.hoisted(() => ({ members: 0, authorization: 0 }));

// Not a stand-in: the real module, counted when something imports it.
vi.mock('../src/subscriber/presence-members.js', async (original) => {
  imported.members += 1;
  return original();
});
vi.mock('../src/subscriber/channel-authorization.js', async (original) => {
  imported.authorization += 1;
  return original();
});

describe('pusher channel authorization and presence members, loaded on first use', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([publicRoom, privateInbox, presenceRoom]);
  });
  afterAll(() => testbed.close());

  it('a public channel imports neither; a private one loads authorization only; a presence channel loads the member code, and its members arrive', async () => {
    const subscriber = testbed.subscriber({ id: 'lee', info: { name: 'Lee' } });
    const notes = new Collector<number>();
    const room = publicRoom({ room: 'lazy' });
    await subscriber.subscribe(room, 'note', (data) => notes.push(data.n)).ready;
    const publisher = testbed.publisher();
    await publisher.publish(room, 'note', { text: 'hi', n: 1 });
    await notes.toHave(1);
    expect(imported).toEqual({ members: 0, authorization: 0 });

    const inbox = privateInbox({ userId: 'lee' });
    await subscriber.subscribe(inbox, 'note', (data) => notes.push(data.n)).ready;
    await publisher.publish(inbox, 'note', { text: 'private', n: 2 });
    await notes.toHave(2);
    expect(imported).toEqual({ members: 0, authorization: 1 });

    const lounge = presenceRoom({ room: 'lazy' });
    await subscriber.presence(lounge).enter({ name: 'Lee' });
    expect(imported).toEqual({ members: 1, authorization: 1 });
    const members = await subscriber.presence(lounge).members();
    expect(members.map((member) => member.userId)).toEqual(['lee']);
    await publisher.close();
  });
});
