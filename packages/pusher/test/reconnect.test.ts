import { type GapInfo, RealtimeError, type StateChange } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { presenceRoom, privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pusherChannelName } from '../src/index.js';
import { type PusherTestbed, startTestbed } from './harness.js';

describe('pusher subscriber across reconnects', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([publicRoom, privateInbox, presenceRoom]);
  });
  afterAll(() => testbed.close());

  it('reconnects after a dropped connection, re-authorizes every channel with the new socket id and reports a gap on each', async () => {
    const user = { id: 'dana', info: { name: 'Dana' } };
    const subscriber = testbed.subscriber(user);
    const requests = testbed.authorizations;
    const room = publicRoom({ room: 'r' });
    const inbox = privateInbox({ userId: 'dana' });
    const lounge = presenceRoom({ room: 'r' });
    const channels = [room, inbox, lounge];
    const gaps = new Collector<GapInfo>();
    const notes = new Collector<number>();
    subscriber.onGap(gaps.push);
    for (const channel of channels) await subscriber.subscribe(channel, 'note', (data) => notes.push(data.n)).ready;
    await subscriber.presence(lounge).enter({ name: 'Dana' });
    const firstSocket = subscriber.connectionId;
    expect(firstSocket).toMatch(/^\d+\.\d+$/);
    const gapsBefore = gaps.items.length;
    const states = new Collector<StateChange>();
    subscriber.onStateChange(states.push);

    await testbed.emulator.dropAllSockets();
    await waitFor(() => subscriber.state === 'reconnecting', 10_000, 'reconnecting');
    await waitFor(() => subscriber.state === 'connected', 15_000, 'connected again');

    const secondSocket = subscriber.connectionId;
    expect(secondSocket).toMatch(/^\d+\.\d+$/);
    expect(secondSocket).not.toBe(firstSocket);
    const fresh = requests.filter((request) => request.socketId === secondSocket).map((request) => request.channelName);
    expect(fresh.sort()).toEqual([pusherChannelName(inbox), pusherChannelName(lounge)].sort());
    const presenceAuth = requests.find((request) => request.socketId === secondSocket && request.channelName.startsWith('presence-'));
    expect(presenceAuth?.body.presence_data).toBe(JSON.stringify({ name: 'Dana' }));
    const newGaps = gaps.items.slice(gapsBefore);
    expect(newGaps.map((gap) => gap.channel).sort()).toEqual(channels.map((channel) => channel.name).sort());
    for (const gap of newGaps) expect(gap.reason).toBe('reconnected-without-recovery');
    expect(states.items.map((change) => change.current)).toEqual(['reconnecting', 'connected']);

    const publisher = testbed.publisher();
    await publisher.publish(room, 'note', { text: 'after', n: 0 });
    await publisher.publish(inbox, 'note', { text: 'after', n: 1 });
    await publisher.publish(lounge, 'note', { text: 'after', n: 2 });
    await notes.toHave(3);
    expect([...notes.items].sort()).toEqual([0, 1, 2]);
    const members = await testbed.publisher().presence(lounge).members();
    expect(members.map((member) => member.userId)).toEqual(['dana']);
    await subscriber.close();
  });

  it('reconnects at once after close code 4200 and gives up with "failed" after 4001', async () => {
    const subscriber = testbed.subscriber(undefined);
    await subscriber.subscribe(publicRoom({ room: 'codes' }), 'note', () => {}).ready;
    const before = subscriber.connectionId;
    await testbed.emulator.closeAllWith(4200);
    await waitFor(() => subscriber.state === 'connected' && subscriber.connectionId !== before, 10_000, 'a new connection');
    const changes = new Collector<StateChange>();
    subscriber.onStateChange(changes.push);
    await testbed.emulator.closeAllWith(4001, 'Application disabled');
    const failed = await waitFor(() => changes.items.find((change) => change.current === 'failed'), 10_000, 'failed');
    expect(RealtimeError.isInstance(failed.reason)).toBe(true);
    await subscriber.close();
    expect(subscriber.state).toBe('closed');
  });
});
