/**
 * The conformance suite every adapter runs against its real server or emulator. Each case asserts
 * what reached subscribers, not only that calls returned. Cases skip by declared capability only,
 * and say so.
 */
import {
  type AdapterDescription,
  type Capability,
  type GapInfo,
  type MessageMeta,
  type PresenceEvent,
  RealtimeError,
  type RealtimeSubscriber,
} from '@switchboard/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { Collector, quietPeriod, waitFor } from '../wait.js';
import { registerAuthEndpointCases } from './auth-endpoint-cases.js';
import { conformanceChannels, presenceRoom, privateInbox, publicRoom } from './catalog.js';
import { registerClientEventCases } from './client-event-cases.js';
import type { ConformanceOptions, ConformanceTestBed } from './harness.js';
import { registerHistoryCases } from './history-cases.js';
import { registerPresenceCases } from './presence-cases.js';
import { type ConformanceClients, clientsOf } from './test-bed-clients.js';
import { registerUserCases } from './user-cases.js';

const QUIET_MS = 300;
const GRACE_MS = 150;

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`;

/** Registers the conformance cases for one adapter with vitest. */
export function runConformance(options: ConformanceOptions): void {
  const timeout = options.timeoutMs ?? 20_000;
  describe(`conformance: ${options.name}`, () => {
    let bed: ConformanceTestBed;
    let harness: ConformanceClients;
    let description: AdapterDescription;
    const open: RealtimeSubscriber[] = [];

    beforeAll(async () => {
      bed = await options.setup({ channels: conformanceChannels, rules: [] });
      harness = clientsOf(bed);
      description = await harness.publisher.describe();
    }, 60_000);

    afterEach(async () => {
      await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
    });

    afterAll(async () => {
      await harness?.close();
      await bed?.teardown();
    }, 30_000);

    const subscriber = (userId?: string, graceMs = GRACE_MS) => {
      const created = harness.createSubscriber(userId ? { id: userId, info: { name: userId } } : undefined, {
        presenceGraceMs: graceMs,
      });
      open.push(created);
      return created;
    };

    const needs = (context: TestContext, capability: Capability) => {
      if (description.capabilities[capability]) return;
      console.info(`[conformance: ${options.name}] skipped "${context.task.name}": capability ${capability} is not declared`);
      context.skip();
    };

    const connected = (target: RealtimeSubscriber) =>
      waitFor(() => target.state === 'connected', 15_000, `${options.name} subscriber to be connected`);

    it('delivers every event type with typed data and meta', { timeout }, async () => {
      const channel = publicRoom({ room: unique('round') });
      const sub = subscriber();
      const notes = new Collector<[{ text: string; n: number }, MessageMeta]>();
      const pings = new Collector<[unknown, MessageMeta]>();
      const subscription = sub.subscribe(channel, {
        note: (data, meta) => notes.push([data, meta]),
        ping: (data, meta) => pings.push([data, meta]),
      });
      await subscription.ready;
      const before = Date.now();
      const { id } = await harness.publisher.publish(channel, 'note', { text: 'héllo ✓', n: 1 });
      await harness.publisher.publish(channel, 'ping', {});
      const [[data, meta]] = (await notes.toHave(1)) as [[{ text: string; n: number }, MessageMeta]];
      expect(data).toEqual({ text: 'héllo ✓', n: 1 });
      expect(meta).toMatchObject({ id, event: 'note', channel: channel.name, recovered: false });
      expect(meta.timestamp).toBeGreaterThanOrEqual(before - 5000);
      expect((await pings.toHave(1))[0]?.[1].event).toBe('ping');
    });

    it('refuses a schema-invalid payload at publish and sends nothing', { timeout }, async () => {
      const channel = publicRoom({ room: unique('invalid') });
      const sub = subscriber();
      const received = new Collector<{ text: string; n: number }>();
      await sub.subscribe(channel, 'note', received.push).ready;
      const error = await harness.publisher
        // @ts-expect-error n must be a number
        .publish(channel, 'note', { text: 'x', n: 'one' })
        .catch((caught: unknown) => caught);
      expect(RealtimeError.isInstance(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as RealtimeError).message).toMatch(/n: /);
      await harness.publisher.publish(channel, 'note', { text: 'valid', n: 2 });
      await received.toHave(1);
      await quietPeriod(QUIET_MS);
      expect(received.items).toEqual([{ text: 'valid', n: 2 }]);
    });

    it('drops a schema-invalid message at receive, reports it, and keeps delivering', { timeout }, async () => {
      const channel = publicRoom({ room: unique('recv') });
      const sub = subscriber();
      const received = new Collector<{ text: string; n: number }>();
      const errors = new Collector<RealtimeError>();
      sub.onError((error) => errors.push(error));
      await sub.subscribe(channel, 'note', received.push).ready;
      // @ts-expect-error deliberately invalid: the unvalidated publisher lets it through
      await harness.unvalidatedPublisher.publish(channel, 'note', { text: 42 });
      await harness.publisher.publish(channel, 'note', { text: 'after', n: 3 });
      await received.toHave(1);
      await errors.toHave(1);
      expect(received.items).toEqual([{ text: 'after', n: 3 }]);
      expect(errors.items[0]?.code).toBe('VALIDATION_FAILED');
    });

    it('stops delivery after unsubscribe, one subscription at a time', { timeout }, async () => {
      const channel = publicRoom({ room: unique('unsub') });
      const sub = subscriber();
      const first = new Collector<{ n: number }>();
      const second = new Collector<{ n: number }>();
      const one = sub.subscribe(channel, 'note', first.push);
      const two = sub.subscribe(channel, 'note', second.push);
      await Promise.all([one.ready, two.ready]);
      await harness.publisher.publish(channel, 'note', { text: 'both', n: 1 });
      await first.toHave(1);
      await second.toHave(1);
      one.unsubscribe();
      one.unsubscribe();
      await harness.publisher.publish(channel, 'note', { text: 'second only', n: 2 });
      await second.toHave(2);
      two.unsubscribe();
      await quietPeriod(50);
      await harness.publisher.publish(channel, 'note', { text: 'nobody', n: 3 });
      await quietPeriod(QUIET_MS);
      expect(first.items.map((item) => item.n)).toEqual([1]);
      expect(second.items.map((item) => item.n)).toEqual([1, 2]);
    });

    it('subscribes again right after unsubscribing and keeps delivering', { timeout }, async () => {
      const channel = publicRoom({ room: unique('resub') });
      const sub = subscriber();
      const first = new Collector<{ n: number }>();
      const second = new Collector<{ n: number }>();
      const errors = new Collector<RealtimeError>();
      sub.onError((error) => errors.push(error));
      const one = sub.subscribe(channel, 'note', first.push);
      await one.ready;
      await harness.publisher.publish(channel, 'note', { text: 'before', n: 1 });
      await first.toHave(1);
      // The channel's release and the new attach race at the provider: the new one must win.
      one.unsubscribe();
      const two = sub.subscribe(channel, 'note', second.push);
      await two.ready;
      await harness.publisher.publish(channel, 'note', { text: 'after', n: 2 });
      await second.toHave(1);
      await quietPeriod(QUIET_MS);
      // Still subscribed once the release has settled, not only at the moment ready resolved.
      await harness.publisher.publish(channel, 'note', { text: 'later', n: 3 });
      await second.toHave(2);
      await quietPeriod(QUIET_MS);
      expect(first.items.map((item) => item.n)).toEqual([1]);
      expect(second.items.map((item) => item.n)).toEqual([2, 3]);
      expect(errors.items).toEqual([]);
    });

    it('excludes one subscriber connection when asked ("to others")', { timeout }, async (context) => {
      needs(context, 'exclusion');
      const channel = publicRoom({ room: unique('exclude') });
      const sender = subscriber();
      const other = subscriber();
      const atSender = new Collector<{ n: number }>();
      const atOther = new Collector<{ n: number }>();
      await sender.subscribe(channel, 'note', atSender.push).ready;
      await other.subscribe(channel, 'note', atOther.push).ready;
      const senderId = await waitFor(() => sender.connectionId, 5000, 'a connection id');
      await harness.publisher.publish(channel, 'note', { text: 'to others', n: 1 }, { excludeConnectionId: senderId });
      await harness.publisher.publish(channel, 'note', { text: 'to all', n: 2 });
      await atOther.toHave(2);
      await atSender.toHave(1);
      await quietPeriod(QUIET_MS);
      expect(atOther.items.map((item) => item.n)).toEqual([1, 2]);
      expect(atSender.items.map((item) => item.n)).toEqual([2]);
    });

    it('refuses another user’s private channel and allows the owner', { timeout }, async () => {
      const alice = unique('alice');
      const channel = privateInbox({ userId: alice });
      const intruder = subscriber(unique('bob'));
      const intruderGot = new Collector<unknown>();
      const refused = await intruder.subscribe(channel, 'note', intruderGot.push).ready.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(RealtimeError.isInstance(refused)).toBe(true);
      expect(['FORBIDDEN', 'UNAUTHORIZED']).toContain((refused as RealtimeError).code);
      // One refusal shape on every provider, whoever said no (the provider, the hub or the auth endpoint).
      expect((refused as RealtimeError).message).toMatch(new RegExp(`^Subscription to "${channel.name}" refused: .+`));
      const anonymous = subscriber();
      const anonymousRefused = await anonymous
        .subscribe(channel, 'note', () => {})
        .ready.then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(['FORBIDDEN', 'UNAUTHORIZED']).toContain((anonymousRefused as RealtimeError | undefined)?.code);
      expect((anonymousRefused as RealtimeError).message).toMatch(new RegExp(`^Subscription to "${channel.name}" refused: .+`));
      const owner = subscriber(alice);
      const ownerGot = new Collector<{ n: number }>();
      await owner.subscribe(channel, 'note', ownerGot.push).ready;
      await harness.publisher.publish(channel, 'note', { text: 'private', n: 7 });
      await ownerGot.toHave(1);
      await quietPeriod(QUIET_MS);
      expect(intruderGot.items).toEqual([]);
    });

    it('tracks presence: enter, members on both sides, update, leave after the grace period', { timeout }, async (context) => {
      needs(context, 'presence');
      const channel = presenceRoom({ room: unique('presence') });
      const aliceId = unique('alice');
      const bobId = unique('bob');
      const alice = subscriber(aliceId);
      const bob = subscriber(bobId);
      const events = new Collector<PresenceEvent<{ name: string }>>();
      const bobPresence = bob.presence(channel);
      bobPresence.onChange(events.push);
      await bobPresence.enter({ name: 'Bob' });
      const alicePresence = alice.presence(channel);
      await alicePresence.enter({ name: 'Alice' });
      await waitFor(() => events.items.find((event) => event.type === 'join' && event.member.userId === aliceId), 10_000, 'alice join');
      const joined = events.items.find((event) => event.member.userId === aliceId);
      expect(joined?.member.data).toEqual({ name: 'Alice' });
      await waitFor(async () => (await alicePresence.members()).length === 2, 10_000, 'alice to see two members');
      expect((await bobPresence.members()).map((member) => member.userId).sort()).toEqual([aliceId, bobId].sort());
      if (description.capabilities.serverPresence) {
        await waitFor(async () => (await harness.publisher.presence(channel).members()).length === 2, 10_000, 'server presence');
        expect(await harness.publisher.presence(channel).isPresent(aliceId)).toBe(true);
      }
      await alicePresence.update({ name: 'Alice B.' });
      await waitFor(() => events.items.find((event) => event.type === 'update' && event.member.userId === aliceId), 10_000, 'update');
      await alicePresence.leave();
      const left = await waitFor(
        () => events.items.find((event) => event.type === 'leave' && event.member.userId === aliceId),
        10_000,
        'alice leave',
      );
      expect(left.members.map((member) => member.userId)).toEqual([bobId]);
      if (description.capabilities.serverPresence) {
        await waitFor(async () => !(await harness.publisher.presence(channel).isPresent(aliceId)), 20_000, 'server to see alice leave');
      }
    });

    it('counts a user with two connections once', { timeout }, async (context) => {
      needs(context, 'presence');
      const channel = presenceRoom({ room: unique('tabs') });
      const carolId = unique('carol');
      const tabOne = subscriber(carolId);
      const tabTwo = subscriber(carolId);
      const watcher = subscriber(unique('dave'));
      const watch = watcher.presence(channel);
      const events = new Collector<PresenceEvent>();
      watch.onChange(events.push);
      await watch.members();
      await tabOne.presence(channel).enter({ name: 'Carol' });
      await tabTwo.presence(channel).enter({ name: 'Carol' });
      await waitFor(async () => (await watch.members()).some((member) => member.userId === carolId), 10_000, 'carol present');
      await quietPeriod(QUIET_MS);
      expect((await watch.members()).filter((member) => member.userId === carolId)).toHaveLength(1);
      expect(events.items.filter((event) => event.type === 'join' && event.member.userId === carolId)).toHaveLength(1);
      await tabOne.presence(channel).leave();
      await quietPeriod(GRACE_MS + QUIET_MS);
      expect(events.items.filter((event) => event.type === 'leave')).toHaveLength(0);
      if (description.capabilities.serverPresence) {
        expect(await harness.publisher.presence(channel).members()).toHaveLength(1);
      }
      // The user leaves once, when the last connection goes.
      await tabTwo.close();
      await waitFor(() => events.items.some((event) => event.type === 'leave'), 15_000, 'carol leave');
      await quietPeriod(GRACE_MS + QUIET_MS);
      expect(events.items.filter((event) => event.type === 'leave').map((event) => event.member.userId)).toEqual([carolId]);
      expect(await watch.members()).toEqual([]);
      if (description.capabilities.serverPresence) {
        await waitFor(async () => !(await harness.publisher.presence(channel).isPresent(carolId)), 15_000, 'the server to see carol leave');
      }
    });

    registerUserCases({ timeout, harness: () => harness, subscriber: (userId) => subscriber(userId), unique, needs });

    registerClientEventCases({
      timeout,
      subscriber: (userId) => subscriber(userId),
      unique,
      needsClientEvents: (context) => needs(context, 'clientEvents'),
    });

    registerPresenceCases({
      timeout,
      harness: () => harness,
      description: () => description,
      subscriber: (userId, graceMs) => subscriber(userId, graceMs),
      needs,
      unique,
    });

    if (options.authEndpoint === false)
      console.info(`[conformance: ${options.name}] no auth-endpoint cases: the adapter takes no credential from an endpoint`);
    else
      registerAuthEndpointCases({
        name: options.name,
        timeout,
        bed: () => bed,
        harness: () => harness,
        track: (created) => {
          open.push(created);
          return created;
        },
        unique,
      });

    registerHistoryCases({
      timeout,
      harness: () => harness,
      subscriber: (user, subscriberOptions) => {
        const created = harness.createSubscriber(user, { presenceGraceMs: GRACE_MS, ...subscriberOptions });
        open.push(created);
        return created;
      },
      unique,
    });

    it('resubscribes after a dropped connection and keeps delivering', { timeout }, async () => {
      const channel = publicRoom({ room: unique('reconnect') });
      const sub = subscriber();
      const received = new Collector<{ n: number }>();
      await sub.subscribe(channel, 'note', received.push).ready;
      const states = new Collector<string>();
      sub.onStateChange((change) => states.push(change.current));
      await harness.dropConnections();
      await waitFor(() => states.items.some((state) => state !== 'connected'), 15_000, 'the drop to be noticed');
      await connected(sub);
      await waitFor(
        async () => {
          await harness.publisher.publish(channel, 'note', { text: 'after reconnect', n: received.items.length + 1 });
          await quietPeriod(100);
          return received.items.length > 0;
        },
        15_000,
        'delivery after reconnect',
      );
      expect(received.items[0]?.n).toBeGreaterThan(0);
    });

    it('recovers messages missed during a short disconnect, or reports a gap', { timeout }, async () => {
      const channel = publicRoom({ room: unique('recover') });
      const sub = subscriber();
      const received = new Collector<[{ n: number }, MessageMeta]>();
      const gaps = new Collector<GapInfo>();
      await sub.subscribe(channel, 'note', (data, meta) => received.push([data, meta]), { onGap: gaps.push }).ready;
      await harness.publisher.publish(channel, 'note', { text: 'before', n: 0 });
      await received.toHave(1);
      await harness.dropConnections();
      for (let n = 1; n <= 3; n++) await harness.publisher.publish(channel, 'note', { text: 'while down', n });
      await connected(sub);
      // "Connected" may come before the channel is back: wait until the catch-up is over (every missed
      // message arrived, or a gap was reported), so the next message is a live one on every provider.
      await waitFor(
        () => [1, 2, 3].every((n) => received.items.some(([data]) => data.n === n)) || gaps.items.length > 0,
        15_000,
        'the catch-up after reconnect (the missed messages or a gap)',
      );
      await harness.publisher.publish(channel, 'note', { text: 'after', n: 4 });
      await waitFor(() => received.items.some(([data]) => data.n === 4), 15_000, 'the message after reconnect');
      await quietPeriod(QUIET_MS);
      const numbers = received.items.map(([data]) => data.n);
      expect(new Set(numbers).size).toBe(numbers.length);
      const missing = [1, 2, 3].filter((n) => !numbers.includes(n));
      if (description.capabilities.recovery) {
        expect(missing).toEqual([]);
        expect(gaps.items).toEqual([]);
      } else if (missing.length > 0) {
        expect(gaps.items.map((gap) => gap.channel)).toContain(channel.name);
      }
      const recovered = received.items.filter(([, meta]) => meta.recovered).map(([data]) => data.n);
      for (const n of recovered) expect([1, 2, 3]).toContain(n);
    });

    it('reports a gap when the server lost the connection state', { timeout }, async () => {
      const channel = publicRoom({ room: unique('gap') });
      const sub = subscriber();
      const gaps = new Collector<GapInfo>();
      await sub.subscribe(channel, 'note', () => {}, { onGap: gaps.push }).ready;
      await harness.dropConnections({ recover: false });
      await harness.publisher.publish(channel, 'note', { text: 'lost', n: 1 });
      await connected(sub);
      const [gap] = await gaps.toHave(1, 15_000);
      expect(gap?.channel).toBe(channel.name);
    });

    it('publishes idempotently: the same id twice and a retried publish arrive once', { timeout }, async () => {
      const channel = publicRoom({ room: unique('idem') });
      const sub = subscriber();
      const received = new Collector<[{ n: number }, MessageMeta]>();
      await sub.subscribe(channel, 'note', (data, meta) => received.push([data, meta])).ready;
      const id = `idem-${unique('m')}`;
      await harness.publisher.publish(channel, 'note', { text: 'once', n: 1 }, { id });
      await harness.publisher.publish(channel, 'note', { text: 'once', n: 1 }, { id });
      harness.failNextPublishes(2);
      const retried = await harness.publisher.publish(
        channel,
        'note',
        { text: 'retried', n: 2 },
        { retry: { baseDelayMs: 20, attempts: 5 } },
      );
      await received.toHave(2);
      await quietPeriod(QUIET_MS);
      expect(received.items.map(([data]) => data.n)).toEqual([1, 2]);
      expect(received.items[0]?.[1].id).toBe(id);
      expect(received.items[1]?.[1].id).toBe(retried.id);
    });

    it('checks payload size, channel params and event names before sending', { timeout }, async () => {
      const channel = publicRoom({ room: unique('limits') });
      const sub = subscriber();
      const received = new Collector<unknown>();
      await sub.subscribe(channel, 'blob', received.push).ready;
      const limit = description.limits.maxPayloadBytes;
      const tooLarge = await harness.publisher.publish(channel, 'blob', { body: 'x'.repeat(limit + 1) }).catch((error: unknown) => error);
      expect(RealtimeError.isInstance(tooLarge, 'PAYLOAD_TOO_LARGE')).toBe(true);
      expect((tooLarge as RealtimeError).message).toContain(String(limit));
      expect(() => publicRoom({ room: 'a:b' })).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
      expect(() => publicRoom({ room: 'x'.repeat(129) })).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
      // @ts-expect-error unknown event
      const unknownEvent = await harness.publisher.publish(channel, 'nope', {}).catch((error: unknown) => error);
      expect(RealtimeError.isInstance(unknownEvent, 'INVALID_EVENT')).toBe(true);
      await harness.publisher.publish(channel, 'blob', { body: 'fits' });
      await received.toHave(1);
      await quietPeriod(QUIET_MS);
      expect(received.items).toEqual([{ body: 'fits' }]);
    });

    it('closes twice without error and refuses use after close', { timeout }, async () => {
      const sub = harness.createSubscriber(undefined, {});
      await sub.subscribe(publicRoom({ room: unique('close') }), 'note', () => {}).ready;
      await sub.close();
      await sub.close();
      expect(sub.state).toBe('closed');
      const afterClose = await sub
        .subscribe(publicRoom({ room: unique('closed') }), 'note', () => {})
        .ready.catch((error: unknown) => error);
      expect(RealtimeError.isInstance(afterClose, 'CLOSED')).toBe(true);
    });
  });
}
