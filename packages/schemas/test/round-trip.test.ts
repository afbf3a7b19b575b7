import { type AuthUser, createPublisher, createSubscriber, type RealtimeSubscriber } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { chapterViewersAccess, conversationAccess, progressAccess, sessionAccess, smsAccess } from '../src/access.js';
import { conversation } from '../src/conversations.js';
import { progress } from '../src/progress.js';
import { session } from '../src/sessions.js';
import { eventCases } from './fixtures.js';

// Ownership lookups the app would make against its database.
const rules = [
  progressAccess,
  chapterViewersAccess,
  ...smsAccess,
  conversationAccess((userId, conversationId) => userId === 'owner-1' && conversationId === 'abc-123-def-456'),
  sessionAccess(async (userId, sessionId) => sessionId === 'sess_1' && ['alice', 'bob'].includes(userId)),
];

const subscribers: RealtimeSubscriber[] = [];
afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
});

function subscriberFor(hub: MemoryHub, user: AuthUser): RealtimeSubscriber {
  const subscriber = createSubscriber({ provider: 'memory', hub, user });
  subscribers.push(subscriber);
  return subscriber;
}

describe('round trip through the memory adapter', () => {
  it.each(eventCases.map((entry) => [`${entry.channel.name} ${entry.event}`, entry] as const))(
    '%s arrives with its payload',
    async (_name, entry) => {
      const hub = new MemoryHub({ rules });
      const publisher = createPublisher({ provider: 'memory', hub });
      const subscriber = subscriberFor(hub, { id: entry.owner });
      const received = new Promise<{ data: unknown; event: string; channel: string }>((resolve) => {
        const subscription = subscriber.subscribe(entry.channel, entry.event, (data, meta) =>
          resolve({ data, event: meta.event, channel: meta.channel }),
        );
        void subscription.ready.then(() => publisher.publish(entry.channel, entry.event, entry.data as never));
      });
      await expect(received).resolves.toEqual({ data: entry.data, event: entry.event, channel: entry.channel.name });
      await publisher.close();
    },
  );

  it('gives handlers the typed payload of a progress event', async () => {
    const hub = new MemoryHub({ rules });
    const publisher = createPublisher({ provider: 'memory', hub });
    const subscriber = subscriberFor(hub, { id: '42' });
    const channel = progress({ userId: 42 });
    const percentage = new Promise<number>((resolve) => {
      const subscription = subscriber.subscribe(channel, {
        'kit:updated': (kit) => resolve(kit.completionPercentage),
      });
      void subscription.ready.then(() =>
        publisher.publish(channel, 'kit:updated', {
          userId: 42,
          kitId: 1,
          documentId: 'kit1',
          completedLessonsCount: 8,
          totalLessonsCount: 8,
          completionPercentage: 100,
          timestamp: new Date().toISOString(),
        }),
      );
    });
    await expect(percentage).resolves.toBe(100);
  });

  it('refuses to publish an invalid payload before anything reaches the hub', async () => {
    const hub = new MemoryHub({ rules });
    const publisher = createPublisher({ provider: 'memory', hub });
    const channel = conversation({ conversationId: 'abc-123-def-456' });
    await expect(publisher.publish(channel, 'status', { status: 'finished' as 'complete', timestamp: 'now' })).rejects.toThrow(
      /status: must be one of searching, processing, complete, error, received "finished"; timestamp: must be an ISO 8601 timestamp/,
    );
    expect(hub.accepted).toHaveLength(0);
  });

  it('shows session participants to each other with their presence data', async () => {
    const hub = new MemoryHub({ rules });
    const channel = session({ sessionId: 'sess_1' });
    const alice = subscriberFor(hub, { id: 'alice' }).presence(channel);
    const bob = subscriberFor(hub, { id: 'bob' }).presence(channel);
    await alice.enter({ name: 'Alice' });
    await bob.enter({ name: 'Bob' });
    const members = await alice.members();
    expect(members.map((member) => [member.userId, member.data.name]).sort()).toEqual([
      ['alice', 'Alice'],
      ['bob', 'Bob'],
    ]);
    const publisher = createPublisher({ provider: 'memory', hub });
    await expect(publisher.presence(channel).isPresent('bob')).resolves.toBe(true);
    await expect(publisher.presence(channel).isPresent('carol')).resolves.toBe(false);
  });
});
