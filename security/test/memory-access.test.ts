/**
 * The memory provider has no credential to forge: the in-process hub knows each connection's user.
 * What can still be checked is that it applies the same rules (default deny, owner-only) and takes
 * presence identity from that user, never from presence data.
 */
import { createPublisher, createSubscriber, RealtimeError, type RealtimeSubscriber } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { inbox, room, unique } from './support/channels.js';

const hub = new MemoryHub();
const publisher = createPublisher({ provider: 'memory', hub });
const open: RealtimeSubscriber[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
});

const subscriberAs = (userId?: string) => {
  const created = createSubscriber({ provider: 'memory', hub, ...(userId ? { user: { id: userId } } : {}), presenceGraceMs: 50 });
  open.push(created);
  return created;
};

describe('memory: the hub applies the access rules and owns identity', () => {
  it('refuses another user’s private channel (FORBIDDEN) and anonymous users (UNAUTHORIZED); the owner receives', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const intruder = new Collector<unknown>();
    const forbidden = await subscriberAs(bob)
      .subscribe(inbox({ userId: alice }), 'note', intruder.push)
      .ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(forbidden, 'FORBIDDEN')).toBe(true);
    const anonymous = await subscriberAs()
      .subscribe(inbox({ userId: alice }), 'note', intruder.push)
      .ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(anonymous, 'UNAUTHORIZED')).toBe(true);
    const owner = new Collector<unknown>();
    await subscriberAs(alice).subscribe(inbox({ userId: alice }), 'note', owner.push).ready;
    await publisher.publish(inbox({ userId: alice }), 'note', { text: 'private', n: 1 });
    await owner.toHave(1);
    await quietPeriod(100);
    expect(intruder.items).toEqual([]);
  });

  it('presence members carry the connection’s user, whatever data they enter with', async () => {
    const [alice, carol] = [unique('alice'), unique('carol')];
    const lobby = room({ room: unique('lobby') });
    const watcher = subscriberAs(carol).presence(lobby);
    await watcher.members();
    await subscriberAs(alice).presence(lobby).enter({ name: 'Bob' });
    await waitFor(async () => (await watcher.members()).length > 0, 5000, 'the member');
    expect(await watcher.members()).toEqual([{ userId: alice, data: { name: 'Bob' } }]);
    expect(await publisher.presence(lobby).members()).toEqual([{ userId: alice, data: { name: 'Bob' }, source: 'provider' }]);
  });
});
