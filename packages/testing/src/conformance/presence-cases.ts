/**
 * Presence conformance: one member per user, a leave only after the grace period, a reload within
 * the grace period is not a leave, the server-side query agrees with what clients see, members
 * whose data the channel's schema refuses are dropped and reported, and the server's profile
 * (`info`) stays apart from the client's data. Graces
 * are small so the cases stay quick; waits are for conditions, quiet periods only prove absence.
 */
import type { AdapterDescription, Capability, PresenceEvent, PresenceMember, RealtimeError, RealtimeSubscriber } from '@switchboard/core';
import { expect, it, type TestContext } from 'vitest';
import { Collector, quietPeriod, waitFor } from '../wait.js';
import { presenceRoom, strictPresenceRoom } from './catalog.js';
import type { ConformanceClients } from './test-bed-clients.js';

/** What the presence cases need from the suite that registers them. */
export interface PresenceSuite {
  timeout: number;
  harness(): ConformanceClients;
  description(): AdapterDescription;
  /** A subscriber signed in as `userId`, closed after the case; `graceMs` overrides the suite's grace. */
  subscriber(userId: string, graceMs?: number): RealtimeSubscriber;
  needs(context: TestContext, capability: Capability): void;
  unique(prefix: string): string;
}

/** Long enough that a lower bound on the leave is meaningful, short enough to keep the suite quick. */
const LEAVE_GRACE_MS = 600;
/** The watcher's grace in the reload case: a close plus a new connection, auth and enter must fit in it. */
const RELOAD_GRACE_MS = 2000;
const QUIET_MS = 300;
/** Timers may fire a millisecond or two early; the lower bound allows for it. */
const TIMER_SLACK_MS = 25;

type Member = PresenceMember<unknown>;

const byUser = (members: Member[]) => [...members].sort((left, right) => left.userId.localeCompare(right.userId));
const userIds = (members: Member[]) => byUser(members).map((member) => member.userId);
const eventsOf = (events: Collector<PresenceEvent>, type: PresenceEvent['type'], userId: string) =>
  events.items.filter((event) => event.type === type && event.member.userId === userId);

/** Registers the presence cases inside the suite's `describe`. */
export function registerPresenceCases(suite: PresenceSuite): void {
  const { timeout } = suite;

  /** A watcher whose presence events are collected from the start. */
  async function watch(channel: ReturnType<typeof presenceRoom>, graceMs?: number) {
    const watcher = suite.subscriber(suite.unique('watcher'), graceMs);
    const presence = watcher.presence(channel);
    const events = new Collector<PresenceEvent>();
    presence.onChange(events.push);
    await presence.members();
    return { watcher, presence, events };
  }

  it('presence join: an earlier member is listed for a late watcher, a later join reaches watchers once', { timeout }, async (context) => {
    suite.needs(context, 'presence');
    const channel = presenceRoom({ room: suite.unique('join') });
    const earlyId = suite.unique('erin');
    await suite.subscriber(earlyId).presence(channel).enter({ name: 'Erin' });
    const { presence, events } = await watch(channel);
    await waitFor(async () => (await presence.members()).some((member) => member.userId === earlyId), 10_000, 'the earlier member');
    expect((await presence.members()).find((member) => member.userId === earlyId)?.data).toEqual({ name: 'Erin' });
    const laterId = suite.unique('frank');
    await suite.subscriber(laterId).presence(channel).enter({ name: 'Frank' });
    const joins = () => eventsOf(events, 'join', laterId);
    const [joined] = await waitFor(() => (joins().length > 0 ? joins() : undefined), 10_000, 'the later join');
    expect(joined?.member.data).toEqual({ name: 'Frank' });
    expect(userIds(joined?.members ?? [])).toEqual([earlyId, laterId].sort((left, right) => left.localeCompare(right)));
    await quietPeriod(QUIET_MS);
    expect(eventsOf(events, 'join', laterId)).toHaveLength(1);
    expect(eventsOf(events, 'leave', earlyId)).toHaveLength(0);
  });

  it('presence leave: a closed connection leaves only after the grace period', { timeout }, async (context) => {
    suite.needs(context, 'presence');
    const channel = presenceRoom({ room: suite.unique('leave') });
    const graceId = suite.unique('gina');
    const gina = suite.subscriber(graceId);
    const { presence, events } = await watch(channel, LEAVE_GRACE_MS);
    await gina.presence(channel).enter({ name: 'Gina' });
    await waitFor(() => eventsOf(events, 'join', graceId).length > 0, 10_000, 'gina join');
    const closedAt = Date.now();
    await gina.close();
    await waitFor(() => eventsOf(events, 'leave', graceId).length > 0, 15_000, 'gina leave');
    const leftAt = Date.now();
    expect(leftAt - closedAt).toBeGreaterThanOrEqual(LEAVE_GRACE_MS - TIMER_SLACK_MS);
    expect((await presence.members()).some((member) => member.userId === graceId)).toBe(false);
    if (suite.description().capabilities.serverPresence) {
      const server = suite.harness().publisher.presence(channel);
      await waitFor(async () => !(await server.isPresent(graceId)), 15_000, 'the server to see gina leave');
    }
  });

  it('presence reload: closing and reopening within the grace period is not a leave', { timeout }, async (context) => {
    suite.needs(context, 'presence');
    const channel = presenceRoom({ room: suite.unique('reload') });
    const reloadId = suite.unique('hana');
    const { presence, events } = await watch(channel, RELOAD_GRACE_MS);
    const firstTab = suite.subscriber(reloadId);
    await firstTab.presence(channel).enter({ name: 'Hana' });
    await waitFor(() => eventsOf(events, 'join', reloadId).length > 0, 10_000, 'hana join');
    await firstTab.close();
    const reloaded = suite.subscriber(reloadId);
    await reloaded.presence(channel).enter({ name: 'Hana' });
    // Any leave scheduled by the first tab's disconnect would fire within the grace period (plus the
    // server's own grace, which the harnesses keep far below it).
    await quietPeriod(RELOAD_GRACE_MS + QUIET_MS);
    expect(eventsOf(events, 'leave', reloadId)).toHaveLength(0);
    expect(eventsOf(events, 'join', reloadId)).toHaveLength(1);
    expect((await presence.members()).filter((member) => member.userId === reloadId)).toEqual([
      expect.objectContaining({ userId: reloadId, data: { name: 'Hana' } }),
    ]);
    if (suite.description().capabilities.serverPresence) {
      await waitFor(() => suite.harness().publisher.presence(channel).isPresent(reloadId), 10_000, 'the server to list hana');
    }
  });

  it('presence server query: the publisher’s members() agree with a watcher’s after settling, data typed and filled on every provider', {
    timeout,
  }, async (context) => {
    suite.needs(context, 'presence');
    suite.needs(context, 'serverPresence');
    const channel = presenceRoom({ room: suite.unique('agree') });
    const { presence } = await watch(channel);
    const [ivyId, jonId, kimId] = [suite.unique('ivy'), suite.unique('jon'), suite.unique('kim')];
    await suite.subscriber(ivyId).presence(channel).enter({ name: 'Ivy' });
    await suite.subscriber(jonId).presence(channel).enter({ name: 'Jon' });
    await suite.subscriber(jonId).presence(channel).enter({ name: 'Jon' });
    const kim = suite.subscriber(kimId).presence(channel);
    await kim.enter({ name: 'Kim' });
    await kim.leave();
    const server = suite.harness().publisher.presence(channel);
    const expected = [ivyId, jonId].sort((left, right) => left.localeCompare(right));
    const settled = async () => {
      const [atServer, atClient] = await Promise.all([server.members(), presence.members()]);
      const agreed = userIds(atServer).join() === expected.join() && userIds(atClient).join() === expected.join();
      return agreed ? { atServer, atClient } : undefined;
    };
    const { atServer, atClient } = await waitFor(settled, 15_000, 'server and watcher to list ivy and jon');
    expect(userIds(atServer)).toEqual(userIds(atClient));
    const clientData = new Map(atClient.map((member) => [member.userId, member.data]));
    // Every test bed gives the server its members' data: from the provider, or (Pusher, whose HTTP
    // API lists ids only) from the record its authorizer shares with the publisher.
    const typed = await suite.harness().publisher.members(channel);
    expect(userIds(typed as Member[])).toEqual(expected);
    for (const member of typed) {
      expect(member.source).not.toBe('ids-only');
      if (member.source === 'ids-only') continue;
      // Typed from the channel's presence schema: `name` is a string here, no cast.
      const name: string = member.data.name;
      expect(member.data).toEqual(clientData.get(member.userId));
      expect(name).toMatch(/^(Ivy|Jon)$/);
    }
    expect(await server.isPresent(ivyId)).toBe(true);
    expect(await server.isPresent(kimId)).toBe(false);
  });

  it('presence validation: members whose data the channel’s schema refuses are never listed and are reported; the others are', {
    timeout,
  }, async (context) => {
    suite.needs(context, 'presence');
    const room = suite.unique('strict');
    // The senders' definition lets through what the receivers' stricter one refuses, as an older
    // build or a raw SDK client would: the check must happen where the data arrives.
    const lenient = presenceRoom({ room });
    const strict = strictPresenceRoom({ room });
    const [earlyBadId, goodId, lateBadId] = [suite.unique('eve'), suite.unique('olga'), suite.unique('mallory')];
    await suite.subscriber(earlyBadId).presence(lenient).enter({ name: '<img src=x onerror=alert(1)>' });
    const watcher = suite.subscriber(suite.unique('watcher'));
    const errors = new Collector<RealtimeError>();
    watcher.onError(errors.push);
    const presence = watcher.presence(strict);
    const events = new Collector<PresenceEvent>();
    presence.onChange(events.push);
    const refusedFor = (userId: string) => errors.items.filter((error) => error.details?.userId === userId);
    await presence.members();
    await suite
      .subscriber(lateBadId)
      .presence(lenient)
      .enter({ name: 'Mallory', role: 'admin' } as { name: string });
    await suite.subscriber(goodId).presence(lenient).enter({ name: 'Olga' });
    await waitFor(() => eventsOf(events, 'join', goodId).length > 0, 10_000, 'the valid member to join');
    await waitFor(() => refusedFor(earlyBadId).length > 0 && refusedFor(lateBadId).length > 0, 10_000, 'both refusals to be reported');
    for (const error of [...refusedFor(earlyBadId), ...refusedFor(lateBadId)]) expect(error.code).toBe('VALIDATION_FAILED');
    expect(refusedFor(lateBadId)[0]?.message).toMatch(/role/);
    expect(await presence.members()).toEqual([expect.objectContaining({ userId: goodId, data: { name: 'Olga' } })]);
    expect(events.items.filter((event) => event.member.userId !== goodId)).toEqual([]);
    for (const event of events.items) expect(userIds(event.members)).toEqual([goodId]);
    // A watcher arriving later reads the same: the initial list is checked too.
    const late = suite.subscriber(suite.unique('late'));
    const lateErrors = new Collector<RealtimeError>();
    late.onError(lateErrors.push);
    const lateMembers = await waitFor(
      async () => {
        const members = await late.presence(strict).members();
        return members.length > 0 ? members : undefined;
      },
      10_000,
      'the late watcher to list the valid member',
    );
    expect(userIds(lateMembers)).toEqual([goodId]);
    await waitFor(() => lateErrors.items.length >= 2, 10_000, 'the late watcher to report both refused members');
    expect(new Set(lateErrors.items.map((error) => error.details?.userId))).toEqual(new Set([earlyBadId, lateBadId]));
  });

  it('presence profile: member.info is the server’s profile and member.data what the client chose, never one for the other', {
    timeout,
  }, async (context) => {
    suite.needs(context, 'presence');
    const channel = presenceRoom({ room: suite.unique('profile') });
    const { presence } = await watch(channel);
    const [chosenId, silentId] = [suite.unique('pia'), suite.unique('quinn')];
    // The harness signs users in with the profile `{ name: userId }`.
    await suite.subscriber(chosenId).presence(channel).enter({ name: 'Chosen by the client' });
    // The channel's schema needs data: entering without any is refused before anything is sent.
    const silent = await suite
      .subscriber(silentId)
      .presence(channel)
      .enter()
      .then(
        () => undefined,
        (error: RealtimeError) => error,
      );
    expect(silent?.code).toBe('VALIDATION_FAILED');
    const [chosen] = await waitFor(
      async () => {
        const listed = await presence.members();
        return listed.length > 0 ? listed : undefined;
      },
      10_000,
      'the member',
    );
    await quietPeriod(QUIET_MS);
    expect(userIds(await presence.members())).toEqual([chosenId]);
    expect(chosen?.data).toEqual({ name: 'Chosen by the client' });
    // Where the provider carries the server's profile it is exactly that; Ably carries none.
    if (chosen?.info !== undefined) expect(chosen.info).toEqual({ name: chosenId });
  });
}
