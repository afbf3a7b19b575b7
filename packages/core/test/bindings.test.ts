import { describe, expect, it, vi } from 'vitest';
import {
  bindChannel,
  bindPresence,
  type ChannelSubscriptionState,
  createSubscriberFromTransport,
  defineChannel,
  type PresenceState,
  type StandardSchemaV1,
} from '../src/client.js';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '../src/memory/index.js';

const anything: StandardSchemaV1<{ n: number }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { n: number } }) },
};
const feed = defineChannel('feed:{room}', { access: 'public', events: { update: anything, other: anything } });
const lobby = defineChannel('lobby:{room}', {
  access: 'presence',
  events: { update: anything },
  presence: anything,
  authorize: () => true,
});

/** A subscriber on a memory hub whose attaches wait for `release(name)` when gated, recording attach and detach. */
function setup(gated = false) {
  const hub = new MemoryHub();
  const transport = createSubscriberTransport({ hub, user: { id: 'ada' } });
  const calls: string[] = [];
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const subscriber = createSubscriberFromTransport(
    {
      ...transport,
      async attach(channel, sink, options) {
        calls.push(`attach ${channel.name}`);
        if (gated) await new Promise<void>((resolve, reject) => waiting.set(channel.name, { resolve, reject }));
        return transport.attach(channel, sink, options);
      },
      detach(channel) {
        calls.push(`detach ${channel.name}`);
        return transport.detach(channel);
      },
    },
    { presenceGraceMs: 0 },
  );
  return { hub, subscriber, calls, waiting, publisher: memoryPublisher({ hub }) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('bindChannel (the framework bindings’ subscription)', () => {
  it('resubscribes only when the subscriber, the name or the events change, attaching the new channel before releasing the old', async () => {
    const { subscriber, calls, publisher } = setup();
    const states: ChannelSubscriptionState['status'][] = [];
    const seen: string[] = [];
    const bind = bindChannel(
      (event, data) => seen.push(`${event} ${(data as { n: number }).n}`),
      () => ({}),
      (state) => states.push(state.status),
    );
    bind(subscriber, feed({ room: 'a' }), ['update']);
    bind(subscriber, feed({ room: 'a' }), ['update']);
    await settle();
    expect(states).toEqual(['pending', 'subscribed']);
    bind(subscriber, feed({ room: 'b' }), ['update']);
    await settle();
    expect(calls).toEqual(['attach feed:a', 'attach feed:b', 'detach feed:a']);
    await publisher.publish(feed({ room: 'a' }), 'update', { n: 1 });
    await publisher.publish(feed({ room: 'b' }), 'other', { n: 2 });
    await publisher.publish(feed({ room: 'b' }), 'update', { n: 3 });
    await settle();
    expect(seen).toEqual(['update 3']);
    bind();
    await settle();
    expect(calls.at(-1)).toBe('detach feed:b');
    expect(states.at(-1)).toBe('idle');
  });

  it('drops the answer of a subscription whose inputs are no longer current', async () => {
    const { subscriber, waiting } = setup(true);
    const states: string[] = [];
    const bind = bindChannel(
      () => {},
      () => ({}),
      (state) => states.push(state.error ? `error ${state.error.code}` : state.status),
    );
    bind(subscriber, feed({ room: 'a' }));
    await settle();
    bind(subscriber, feed({ room: 'b' }));
    await settle();
    waiting.get('feed:b')?.resolve();
    await settle();
    waiting.get('feed:a')?.reject(new Error('refused late'));
    await settle();
    expect(states).toEqual(['pending', 'pending', 'subscribed']);
  });
});

describe('bindPresence (the framework bindings’ presence)', () => {
  it('enters once with data, updates on new JSON only, lists members, and leaves when released', async () => {
    const { hub, subscriber } = setup();
    let latest: PresenceState<unknown> | undefined;
    const events: string[] = [];
    const bind = bindPresence(
      (event) => events.push(`${event.type} ${event.member.userId}`),
      (state) => {
        latest = state;
      },
    );
    bind(subscriber, lobby({ room: 'r' }), { n: 1 }, 'ada');
    await vi.waitFor(() => expect(latest?.self?.data).toEqual({ n: 1 }), { timeout: 10_000 });
    expect(latest?.status).toBe('subscribed');
    bind(subscriber, lobby({ room: 'r' }), { n: 1 }, 'ada');
    bind(subscriber, lobby({ room: 'r' }), { n: 2 }, 'ada');
    await vi.waitFor(() => expect(events).toEqual(['join ada', 'update ada']), { timeout: 10_000 });
    expect(hub.presenceMembers('lobby:r').map((member) => member.data)).toEqual([{ n: 2 }]);
    bind();
    await vi.waitFor(() => expect(hub.presenceMembers('lobby:r')).toEqual([]), { timeout: 10_000 });
    expect(latest?.status).toBe('idle');
  });

  it('reports a channel that is not a presence channel', () => {
    const { subscriber } = setup();
    let latest: PresenceState<unknown> | undefined;
    bindPresence(
      () => {},
      (state) => {
        latest = state;
      },
    )(subscriber, feed({ room: 'a' }), { n: 1 });
    expect(latest?.status).toBe('error');
    expect(latest?.error?.code).toBe('INVALID_CHANNEL');
  });
});
