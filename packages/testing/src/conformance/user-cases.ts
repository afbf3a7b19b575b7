/**
 * Messages to users: `publishToUser` reaches every device where the user listens to their stream
 * and no one else; another user's stream is refused, with the same refusal shape as any private
 * channel, on every provider.
 */
import { type Capability, RealtimeError, type RealtimeSubscriber, subscribeUser } from '@switchboard/core';
import { expect, it, type TestContext } from 'vitest';
import { Collector, quietPeriod } from '../wait.js';
import { conformanceUserEvents, presenceRoom } from './catalog.js';
import type { ConformanceClients } from './test-bed-clients.js';

/** What the user cases need from the suite that registers them. */
export interface UserSuite {
  timeout: number;
  harness(): ConformanceClients;
  /** A subscriber signed in as `userId` (anonymous without one), closed after the case. */
  subscriber(userId?: string): RealtimeSubscriber;
  unique(prefix: string): string;
  /** Skips the case unless the adapter declares the capability. */
  needs(context: TestContext, capability: Capability): void;
}

const QUIET_MS = 300;

/** Registers the user-stream cases inside the suite's `describe`. */
export function registerUserCases(suite: UserSuite): void {
  const { timeout } = suite;

  it('user messages: publishToUser reaches every device of the user and no other user', { timeout }, async () => {
    const [aliceId, bobId] = [suite.unique('alice'), suite.unique('bob')];
    const laptop = new Collector<{ n: number }>();
    const phone = new Collector<{ n: number }>();
    const bob = new Collector<{ n: number }>();
    await subscribeUser(suite.subscriber(aliceId), conformanceUserEvents({ userId: aliceId }), 'note', laptop.push).ready;
    await subscribeUser(suite.subscriber(aliceId), conformanceUserEvents({ userId: aliceId }), { note: phone.push }).ready;
    await subscribeUser(suite.subscriber(bobId), conformanceUserEvents({ userId: bobId }), 'note', bob.push).ready;
    const { publisher } = suite.harness();
    const sent = await publisher.publishToUser(conformanceUserEvents, aliceId, 'note', { text: 'for alice', n: 1 });
    expect(sent.id).toEqual(expect.any(String));
    await laptop.toHave(1);
    await phone.toHave(1);
    const both = await publisher.publishToUsers(conformanceUserEvents, [aliceId, bobId], 'note', { text: 'for both', n: 2 });
    expect(both).toHaveLength(2);
    await laptop.toHave(2);
    await phone.toHave(2);
    await bob.toHave(1);
    await quietPeriod(QUIET_MS);
    expect(laptop.items.map((item) => item.n)).toEqual([1, 2]);
    expect(phone.items.map((item) => item.n)).toEqual([1, 2]);
    expect(bob.items.map((item) => item.n)).toEqual([2]);
  });

  it('user messages: another user’s stream is refused, and so is an anonymous listener', { timeout }, async () => {
    const aliceId = suite.unique('alice');
    const stream = conformanceUserEvents({ userId: aliceId });
    const eavesdropped = new Collector<unknown>();
    const refusal = (subscriber: RealtimeSubscriber) =>
      subscribeUser(subscriber, stream, 'note', eavesdropped.push).ready.then(
        () => undefined,
        (error: unknown) => error,
      );
    for (const intruder of [suite.subscriber(suite.unique('mallory')), suite.subscriber()]) {
      const refused = await refusal(intruder);
      expect(RealtimeError.isInstance(refused)).toBe(true);
      expect(['FORBIDDEN', 'UNAUTHORIZED']).toContain((refused as RealtimeError).code);
      expect((refused as RealtimeError).message).toMatch(new RegExp(`^Subscription to "${stream.name}" refused: .+`));
    }
    await suite.harness().publisher.publishToUser(conformanceUserEvents, aliceId, 'note', { text: 'secret', n: 3 });
    await quietPeriod(QUIET_MS);
    expect(eavesdropped.items).toEqual([]);
  });

  it('user messages: the catalog validates like a channel and refuses what is not a user catalog', { timeout }, async () => {
    const { publisher } = suite.harness();
    const invalid = await publisher
      // @ts-expect-error n must be a number
      .publishToUser(conformanceUserEvents, suite.unique('alice'), 'note', { text: 'bad', n: 'one' })
      .catch((error: unknown) => error);
    expect((invalid as RealtimeError).code).toBe('VALIDATION_FAILED');
    const notCatalog = await publisher
      // @ts-expect-error a plain function is not a user-event catalog
      .publishToUser(() => undefined, 'alice', 'note', { text: 'x', n: 1 })
      .catch((error: unknown) => error);
    expect((notCatalog as RealtimeError).code).toBe('INVALID_CHANNEL');
  });

  it('excludeUserId: no connection of the excluded user receives the message, another user does', { timeout }, async (context) => {
    suite.needs(context, 'exclusion');
    const [aliceId, bobId] = [suite.unique('alice'), suite.unique('bob')];
    // A channel every signed-in user may join, authorized by the app: that is how a subscriber learns who it is.
    const channel = presenceRoom({ room: suite.unique('exclude-user') });
    const laptop = new Collector<{ n: number }>();
    const phone = new Collector<{ n: number }>();
    const bob = new Collector<{ n: number }>();
    await suite.subscriber(aliceId).subscribe(channel, 'note', laptop.push).ready;
    await suite.subscriber(aliceId).subscribe(channel, 'note', phone.push).ready;
    await suite.subscriber(bobId).subscribe(channel, 'note', bob.push).ready;
    const { publisher } = suite.harness();
    await publisher.publish(channel, 'note', { text: 'alice did it', n: 1 }, { excludeUserId: aliceId });
    await publisher.publishMany([{ channel, event: 'note', data: { text: 'bob did it', n: 2 }, excludeUserId: bobId }]);
    await publisher.publish(channel, 'note', { text: 'to all', n: 3 });
    await bob.toHave(2);
    await laptop.toHave(2);
    await phone.toHave(2);
    await quietPeriod(QUIET_MS);
    expect(bob.items.map((item) => item.n)).toEqual([1, 3]);
    expect(laptop.items.map((item) => item.n)).toEqual([2, 3]);
    expect(phone.items.map((item) => item.n)).toEqual([2, 3]);
  });

  it('excludeUserId: publishToUsers leaves the excluded user out, and a bad id is refused', { timeout }, async (context) => {
    suite.needs(context, 'exclusion');
    const [aliceId, bobId] = [suite.unique('alice'), suite.unique('bob')];
    const alice = new Collector<{ n: number }>();
    const bob = new Collector<{ n: number }>();
    await subscribeUser(suite.subscriber(aliceId), conformanceUserEvents({ userId: aliceId }), 'note', alice.push).ready;
    await subscribeUser(suite.subscriber(bobId), conformanceUserEvents({ userId: bobId }), 'note', bob.push).ready;
    const { publisher } = suite.harness();
    const sent = await publisher.publishToUsers(
      conformanceUserEvents,
      [aliceId, bobId],
      'note',
      { text: 'not alice', n: 1 },
      { excludeUserId: aliceId },
    );
    expect(sent).toHaveLength(1);
    await bob.toHave(1);
    await quietPeriod(QUIET_MS);
    expect(alice.items).toEqual([]);
    const refused = await publisher
      .publish(presenceRoom({ room: 'x' }), 'note', { text: 'x', n: 2 }, { excludeUserId: '*' })
      .catch((error: unknown) => error);
    expect((refused as RealtimeError).code).toBe('VALIDATION_FAILED');
  });
}
