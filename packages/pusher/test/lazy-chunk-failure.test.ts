/**
 * Channel authorization and presence members load on first use; when their chunk cannot be
 * fetched, the subscription or presence call fails with a RealtimeError naming the module, not
 * pusher-js's generic refusal or a plain Error, and the next attempt loads it again.
 */
import { RealtimeError } from '@switchboard/core';
import { presenceRoom, privateInbox } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PusherTestbed, startTestbed } from './harness.js';

const failing = vi.hoisted(() => new Set<string>());

// The real modules, unless a test makes their import fail as a lost chunk would.
vi.mock('../src/subscriber/presence-members.js', async (original) => {
  if (failing.has('members')) throw new TypeError('Failed to fetch dynamically imported module: presence-members.js');
  return original();
});
vi.mock('../src/subscriber/channel-authorization.js', async (original) => {
  if (failing.has('authorization')) throw new TypeError('Failed to fetch dynamically imported module: channel-authorization.js');
  return original();
});

describe('pusher lazy chunks that fail to load', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([privateInbox, presenceRoom]);
  });
  afterAll(() => testbed.close());

  it('a private subscription is refused with PROVIDER_UNAVAILABLE naming channel-authorization.js; a presence enter with one naming presence-members.js', async () => {
    const subscriber = testbed.subscriber({ id: 'kim', info: { name: 'Kim' } });
    subscriber.onError(() => {});
    const inbox = privateInbox({ userId: 'kim' });
    failing.add('authorization');
    const refused = await subscriber.subscribe(inbox, 'note', () => {}).ready.catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('channel-authorization.js') });
    failing.delete('authorization');
    await subscriber.subscribe(inbox, 'note', () => {}).ready;

    const lounge = presenceRoom({ room: 'chunk' });
    failing.add('members');
    const entered = await subscriber
      .presence(lounge)
      .enter({ name: 'Kim' })
      .catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(entered)).toBe(true);
    expect(entered).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('presence-members.js') });
    failing.delete('members');
    await subscriber.presence(lounge).enter({ name: 'Kim' });
    expect((await subscriber.presence(lounge).members()).map((member) => member.userId)).toEqual(['kim']);
    await subscriber.close();
  });
});
