/**
 * Client events (whispers): one member's `whisper` reaches the channel's other members — never the
 * sender — with data valid against the channel's schema and the sender's id as the provider or hub
 * attached it, never as the data claims; refused for non-members, public channels, undeclared
 * names, invalid data and floods, on every adapter that declares `clientEvents`.
 */
import { listenForWhisper, type RealtimeError, type RealtimeSubscriber, type WhisperMeta, whisper } from '@switchboard/core';
import { expect, it, type TestContext } from 'vitest';
import { Collector, quietPeriod } from '../wait.js';
import { presenceRoom, privateInbox, publicRoom } from './catalog.js';

/** What the client-event cases need from the suite that registers them. */
export interface ClientEventSuite {
  timeout: number;
  /** A subscriber signed in as `userId` (anonymous without one), closed after the case. */
  subscriber(userId?: string): RealtimeSubscriber;
  unique(prefix: string): string;
  /** Skips the case (and says so) unless the adapter declares `clientEvents`. */
  needsClientEvents(context: TestContext): void;
}

// Shorter than the suite's: every whisper here travels one local hop, and the suite must stay fast.
const QUIET_MS = 150;

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as RealtimeError,
  );

/** Registers the client-event cases inside the suite's `describe`. */
export function registerClientEventCases(suite: ClientEventSuite): void {
  const { timeout } = suite;

  it('client events: reach the other members with typed data and the sender the provider names, never the sender', {
    timeout,
  }, async (context) => {
    suite.needsClientEvents(context);
    const channel = presenceRoom({ room: suite.unique('whisper') });
    const [aliceId, bobId, carolId] = [suite.unique('alice'), suite.unique('bob'), suite.unique('carol')];
    const alice = suite.subscriber(aliceId);
    const atAlice = new Collector<unknown>();
    const atBob = new Collector<[{ name: string }, WhisperMeta<'typing'>]>();
    const atCarol = new Collector<[{ x: number; y: number }, WhisperMeta<'cursor'>]>();
    await listenForWhisper(alice, channel, 'typing', atAlice.push).ready;
    // A present member, as a typing indicator's sender is (Pusher names only present senders).
    await alice.presence(channel).enter({ name: 'Alice' });
    await listenForWhisper(suite.subscriber(bobId), channel, 'typing', (data, meta) => atBob.push([data, meta])).ready;
    await listenForWhisper(suite.subscriber(carolId), channel, 'cursor', (data, meta) => atCarol.push([data, meta])).ready;
    // The data claims another sender: receivers take the sender from the provider, not from here.
    await whisper(alice, channel, 'typing', { name: 'Alice', userId: 'mallory', user_id: 'mallory' } as { name: string });
    await whisper(alice, channel, 'cursor', { x: 3, y: 4 });
    const [[typed, typedMeta]] = (await atBob.toHave(1)) as [[{ name: string }, WhisperMeta<'typing'>]];
    expect(typed.name).toBe('Alice');
    expect(typedMeta).toEqual({ event: 'typing', channel: channel.name, userId: aliceId });
    const [[moved, movedMeta]] = (await atCarol.toHave(1)) as [[{ x: number; y: number }, WhisperMeta<'cursor'>]];
    expect(moved).toEqual({ x: 3, y: 4 });
    expect(movedMeta.userId).toBe(aliceId);
    await quietPeriod(QUIET_MS);
    expect(atAlice.items).toEqual([]);
    expect(atBob.items).toHaveLength(1);
  });

  it('client events: pass between the devices of a private channel’s member', { timeout }, async (context) => {
    suite.needsClientEvents(context);
    const aliceId = suite.unique('alice');
    const channel = privateInbox({ userId: aliceId });
    const laptop = suite.subscriber(aliceId);
    const phone = new Collector<[{ name: string }, WhisperMeta<'typing'>]>();
    await listenForWhisper(suite.subscriber(aliceId), channel, 'typing', (data, meta) => phone.push([data, meta])).ready;
    await whisper(laptop, channel, 'typing', { name: 'Alice' });
    const [[data, meta]] = (await phone.toHave(1)) as [[{ name: string }, WhisperMeta<'typing'>]];
    expect(data).toEqual({ name: 'Alice' });
    // Pusher names the sender on presence channels only; every other provider names it here too.
    expect([aliceId, undefined]).toContain(meta.userId);
  });

  it('client events: refused for a non-member, on a public channel, for an undeclared name and invalid data', {
    timeout,
  }, async (context) => {
    suite.needsClientEvents(context);
    const aliceId = suite.unique('alice');
    const inbox = privateInbox({ userId: aliceId });
    const received = new Collector<unknown>();
    const errors = new Collector<RealtimeError>();
    await listenForWhisper(suite.subscriber(aliceId), inbox, 'typing', received.push, { onError: errors.push }).ready;
    const mallory = suite.subscriber(suite.unique('mallory'));
    const forbidden = await refusal(whisper(mallory, inbox, 'typing', { name: 'Mallory' }));
    expect(['FORBIDDEN', 'UNAUTHORIZED']).toContain(forbidden?.code);
    expect(forbidden?.message).toMatch(new RegExp(`^Subscription to "${inbox.name}" refused: .+`));
    const anonymous = await refusal(whisper(suite.subscriber(), inbox, 'typing', { name: 'Nobody' }));
    expect(['FORBIDDEN', 'UNAUTHORIZED']).toContain(anonymous?.code);
    const owner = suite.subscriber(aliceId);
    // @ts-expect-error a public channel declares no client events
    const onPublic = await refusal(whisper(owner, publicRoom({ room: suite.unique('open') }), 'typing', { name: 'Alice' }));
    expect(onPublic?.code).toBe('FORBIDDEN');
    expect(onPublic?.message).toMatch(/private and presence/);
    // @ts-expect-error not a declared client event
    const undeclared = await refusal(whisper(owner, inbox, 'note', { text: 'x', n: 1 }));
    expect(undeclared?.code).toBe('INVALID_EVENT');
    // @ts-expect-error name must be a string
    const invalid = await refusal(whisper(owner, inbox, 'typing', { name: 42 }));
    expect(invalid?.code).toBe('VALIDATION_FAILED');
    expect(() => listenForWhisper(owner, publicRoom({ room: 'x' }), 'typing' as never, () => {})).toThrowError(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    await quietPeriod(QUIET_MS);
    expect(received.items).toEqual([]);
    expect(errors.items).toEqual([]);
  });

  it('client events: a flood beyond 10 per second on one connection is refused with RATE_LIMITED', { timeout }, async (context) => {
    suite.needsClientEvents(context);
    const channel = presenceRoom({ room: suite.unique('flood') });
    const sender = suite.subscriber(suite.unique('alice'));
    const received = new Collector<{ x: number; y: number }>();
    await listenForWhisper(suite.subscriber(suite.unique('bob')), channel, 'cursor', received.push).ready;
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, x) => refusal(whisper(sender, channel, 'cursor', { x, y: 0 }))));
    const limited = outcomes.filter((outcome) => outcome !== undefined);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    for (const error of limited) {
      expect(error?.code).toBe('RATE_LIMITED');
      expect(error?.retryAfterMs).toBeGreaterThan(0);
    }
    await received.toHave(12 - limited.length);
    await quietPeriod(QUIET_MS);
    expect(received.items.length).toBeLessThanOrEqual(10);
  });
}
