import {
  DEFAULT_MAX_PRESENCE_DATA_BYTES,
  defineChannel,
  type PresenceEvent,
  RealtimeError,
  type RealtimeSubscriber,
  type StandardSchemaV1,
} from '@switchboard/core';
import { type MemoryConnection, MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';

type Mood = { mood: string };

/** `{ mood }` with a short word; `async` answers in a later macrotask, like a remote check would. */
const moodSchema = (async: boolean): StandardSchemaV1<Mood> => ({
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const mood = (value as { mood?: unknown } | null)?.mood;
      const result: StandardSchemaV1.Result<Mood> =
        typeof mood === 'string' && /^[a-z]{1,20}$/.test(mood)
          ? { value: { mood: mood.toUpperCase() } }
          : { issues: [{ message: 'expected a short word', path: ['mood'] }] };
      return async ? new Promise((resolve) => setTimeout(() => resolve(result), Math.random() * 5)) : result;
    },
  },
});

const anything: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } };
const room = (async: boolean) =>
  defineChannel('moods:{room}', { access: 'presence', events: { said: anything }, presence: moodSchema(async), authorize: () => true });

const open: RealtimeSubscriber[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
});

async function setUp(async: boolean, options: { maxPresenceDataBytes?: number } = {}) {
  const hub = new MemoryHub();
  const channel = room(async)({ room: 'r' });
  const watcher = memorySubscriber({ hub, user: { id: 'watcher' }, presenceGraceMs: 0, ...options });
  open.push(watcher);
  const errors = new Collector<RealtimeError>();
  watcher.onError(errors.push);
  const presence = watcher.presence(channel);
  const events = new Collector<PresenceEvent>();
  presence.onChange(events.push);
  await presence.members();
  const sink = { message() {}, gap() {}, presence() {}, error() {} };
  /** A client that talks to the hub directly, skipping every check a subscriber makes. */
  const raw = async (userId: string, info?: unknown): Promise<MemoryConnection> => {
    const connection = hub.connect({ id: userId, info: info as Record<string, unknown> | undefined }, () => {});
    await hub.attach(connection, channel, sink);
    return connection;
  };
  return { hub, channel, watcher, presence, events, errors, raw };
}

describe('presence data is checked on arrival', () => {
  it('hands the app the schema’s output, and drops a member whose update the schema refuses', async () => {
    const { hub, channel, presence, events, errors, raw } = await setUp(false);
    const ada = await raw('ada');
    hub.enterPresence(ada, channel, { mood: 'calm' }, 'enter');
    await waitFor(async () => (await presence.members()).length === 1, 5000, 'ada listed');
    expect(await presence.members()).toEqual([{ userId: 'ada', data: { mood: 'CALM' } }]);
    hub.enterPresence(ada, channel, { mood: '<script>' }, 'update');
    await waitFor(() => errors.items.length === 1, 5000, 'the refused update');
    expect(errors.items[0]?.code).toBe('VALIDATION_FAILED');
    expect(errors.items[0]?.details).toMatchObject({ userId: 'ada', channel: channel.name });
    await waitFor(async () => (await presence.members()).length === 0, 5000, 'ada no longer listed');
    expect(events.items.map((event) => event.type)).toEqual(['join', 'leave']);
    hub.enterPresence(ada, channel, { mood: 'fine' }, 'update');
    await waitFor(async () => (await presence.members()).length === 1, 5000, 'ada back with valid data');
    expect((await presence.members())[0]?.data).toEqual({ mood: 'FINE' });
  });

  it('keeps arrival order when the schema validates asynchronously', async () => {
    const { hub, channel, presence, events, raw } = await setUp(true);
    const ada = await raw('ada');
    const bob = await raw('bob');
    hub.enterPresence(ada, channel, { mood: 'calm' }, 'enter');
    hub.enterPresence(bob, channel, { mood: 'x'.repeat(50) }, 'enter');
    hub.enterPresence(ada, channel, { mood: 'busy' }, 'update');
    hub.leavePresence(ada, channel);
    hub.enterPresence(bob, channel, { mood: 'late' }, 'update');
    await waitFor(() => events.items.some((event) => event.member.userId === 'bob'), 5000, 'bob joined');
    await quietPeriod(50);
    expect(events.items.map((event) => `${event.type} ${event.member.userId} ${JSON.stringify(event.member.data)}`)).toEqual([
      'join ada {"mood":"CALM"}',
      'update ada {"mood":"BUSY"}',
      'leave ada {"mood":"BUSY"}',
      'join bob {"mood":"LATE"}',
    ]);
    expect(await presence.members()).toEqual([{ userId: 'bob', data: { mood: 'LATE' } }]);
  });

  it('refuses members without data, with a profile that is not an object, or larger than the bound', async () => {
    const { hub, channel, presence, errors, raw } = await setUp(false);
    hub.enterPresence(await raw('empty'), channel, undefined, 'enter');
    hub.enterPresence(await raw('odd', 'root'), channel, { mood: 'calm' }, 'enter');
    hub.enterPresence(await raw('big'), channel, { mood: 'calm', padding: 'x'.repeat(DEFAULT_MAX_PRESENCE_DATA_BYTES) }, 'enter');
    hub.enterPresence(await raw('fine', { name: 'Fine' }), channel, { mood: 'calm' }, 'enter');
    await waitFor(() => errors.items.length === 3, 5000, 'three refusals');
    expect(Object.fromEntries(errors.items.map((error) => [error.details?.userId, error.code]))).toEqual({
      empty: 'VALIDATION_FAILED',
      odd: 'MALFORMED_MESSAGE',
      big: 'PAYLOAD_TOO_LARGE',
    });
    await waitFor(async () => (await presence.members()).length === 1, 5000, 'the valid member');
    expect(await presence.members()).toEqual([{ userId: 'fine', data: { mood: 'CALM' }, info: { name: 'Fine' } }]);
  });

  it('checks the initial member list, and enter refuses what receivers would drop', async () => {
    const hub = new MemoryHub();
    const channel = room(false)({ room: 'r' });
    const sink = { message() {}, gap() {}, presence() {}, error() {} };
    const eve = hub.connect({ id: 'eve' }, () => {});
    await hub.attach(eve, channel, sink);
    hub.enterPresence(eve, channel, { mood: 42 }, 'enter');
    const watcher = memorySubscriber({ hub, user: { id: 'watcher' }, maxPresenceDataBytes: 16 });
    open.push(watcher);
    const errors = new Collector<RealtimeError>();
    watcher.onError(errors.push);
    expect(await watcher.presence(channel).members()).toEqual([]);
    expect(errors.items.map((error) => error.code)).toEqual(['VALIDATION_FAILED']);
    const tooLarge = await watcher
      .presence(channel)
      .enter({ mood: 'a'.repeat(20) })
      .catch((error: unknown) => error);
    expect(RealtimeError.isInstance(tooLarge, 'PAYLOAD_TOO_LARGE')).toBe(true);
    const missing = await watcher
      .presence(channel)
      .enter()
      .catch((error: unknown) => error);
    expect(RealtimeError.isInstance(missing, 'VALIDATION_FAILED')).toBe(true);
    expect(hub.presenceMembers(channel.name).map((member) => member.userId)).toEqual(['eve']);
  });
});
