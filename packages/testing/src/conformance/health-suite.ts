/**
 * One health suite every provider runs (memory, socket-io, pusher, ably): the same states and
 * reasons everywhere — healthy with no reasons, `retrying` while a publish is in its retry loop,
 * `publish-failing` once retries ran out, `outbox-backlog` above the threshold, `stats()` with
 * rates and totals (and the counts the provider can tell), and `unhealthy` with a reason once the
 * provider is gone. Each provider hands real clients on its real server or emulator.
 */
import type {
  AuthUser,
  OutboundMessage,
  ProviderStats,
  PublisherCoreOptions,
  PublisherOutbox,
  RealtimePublisher,
  RealtimeSubscriber,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../wait.js';
import { publicRoom } from './catalog.js';

/** What a provider hands the health suite. */
export interface HealthHarness {
  /** A publisher with these core options, on the running provider. */
  createPublisher(options: PublisherCoreOptions): RealtimePublisher;
  /** A subscriber (anonymous when `user` is absent). */
  createSubscriber(user: AuthUser | undefined): RealtimeSubscriber;
  /** Fault: the next `count` publish requests fail with a retriable server error. */
  failNextPublishes(count: number): void;
  /**
   * Stops the provider (server or emulator) for good; the last case calls it. Absent where the
   * provider lives in the publisher's process (memory): the case closes the publisher instead.
   */
  stopProvider?(): Promise<void>;
  /** The counts this provider's `stats()` reports; the suite checks they see a subscriber. */
  counts: ReadonlyArray<keyof ProviderStats>;
}

/** An outbox that only holds a number of waiting messages: what the backlog reason reads. */
function outboxHolding(size: number): PublisherOutbox {
  return {
    async record(messages: readonly OutboundMessage[]) {
      return messages.map((message) => message.envelope.id);
    },
    async remove() {},
    async claimAbandoned() {
      return [];
    },
    recoverIntervalMs: 60_000,
    size: async () => size,
    async close() {},
  };
}

let sequence = 0;
const room = (label: string) => {
  sequence += 1;
  return publicRoom({ room: `health-${label}-${Date.now().toString(36)}${sequence}` });
};

/** Runs the health cases against one provider. */
export function runHealthChecks(name: string, setup: () => Promise<HealthHarness>): void {
  describe(`${name} health`, () => {
    let harness: HealthHarness;
    const closing: Array<() => Promise<void>> = [];
    const publisherWith = (options: PublisherCoreOptions) => {
      const publisher = harness.createPublisher(options);
      closing.push(() => publisher.close());
      return publisher;
    };

    it('is healthy with no reasons when the provider answers', async () => {
      harness = await setup();
      const report = await publisherWith({}).health();
      expect(report).toMatchObject({ status: 'healthy', reasons: [] });
    }, 60_000);

    it('is degraded with `retrying` while a publish is being retried, healthy once it went through', async () => {
      const publisher = publisherWith({ retry: { attempts: 10, baseDelayMs: 400, maxDelayMs: 400, deadlineMs: 30_000 } });
      await publisher.describe();
      harness.failNextPublishes(1);
      const sending = publisher.publish(room('retry'), 'note', { text: 'x', n: 1 });
      await waitFor(
        async () => (await publisher.health()).reasons?.some((reason) => reason.code === 'retrying') === true,
        10_000,
        'a retrying reason',
      );
      expect((await publisher.health()).status).toBe('degraded');
      await sending;
      const after = await publisher.health();
      expect(after.status).toBe('healthy');
      expect(after.reasons).toEqual([]);
    }, 60_000);

    it('is degraded with `publish-failing` after a publish ran out of retries', async () => {
      const publisher = publisherWith({ retry: false });
      await publisher.describe();
      harness.failNextPublishes(1);
      await expect(publisher.publish(room('fail'), 'note', { text: 'x', n: 1 })).rejects.toThrow();
      const report = await publisher.health();
      expect(report.status).toBe('degraded');
      expect(report.reasons?.map((reason) => reason.code)).toEqual(['publish-failing']);
      expect((await publisher.stats()).totals.failed).toBe(1);
    }, 60_000);

    it('is degraded with `outbox-backlog` when the outbox holds more than the threshold', async () => {
      const over = publisherWith({ outbox: outboxHolding(11), health: { outboxBacklogThreshold: 10 } });
      const under = publisherWith({ outbox: outboxHolding(10), health: { outboxBacklogThreshold: 10 } });
      const report = await over.health();
      expect(report.status).toBe('degraded');
      expect(report.reasons?.[0]).toMatchObject({ code: 'outbox-backlog', status: 'degraded' });
      expect(report.reasons?.[0]?.message).toContain('11');
      expect((await under.health()).status).toBe('healthy');
      expect((await over.stats()).outboxBacklog).toBe(11);
    }, 60_000);

    it('reports stats: published totals and rates, and the counts the provider can tell', async () => {
      const publisher = publisherWith({});
      const channel = room('stats');
      const subscriber = harness.createSubscriber(undefined);
      closing.push(() => subscriber.close());
      let received = 0;
      await subscriber.subscribe(channel, 'note', () => {
        received += 1;
      }).ready;
      for (let n = 0; n < 3; n += 1) await publisher.publish(channel, 'note', { text: 'x', n });
      await waitFor(() => received === 3, 10_000, 'three messages');
      const stats = await publisher.stats();
      expect(stats.totals).toEqual({ published: 3, retries: 0, failed: 0 });
      expect(stats.rates.publishedPerSecond).toBeCloseTo(3 / 60, 5);
      expect(stats.uptimeMs).toBeGreaterThanOrEqual(0);
      for (const count of harness.counts) expect(stats[count], count).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('is unhealthy with a reason once the provider is gone', async () => {
      const publisher = publisherWith({});
      await publisher.describe();
      await Promise.all(closing.splice(0).map((close) => close().catch(() => {})));
      if (harness.stopProvider) await harness.stopProvider();
      else await publisher.close();
      const report = await publisher.health();
      expect(report.status).toBe('unhealthy');
      expect(report.reasons?.[0]?.status).toBe('unhealthy');
      expect(['provider-unreachable', 'not-running', 'redis-down']).toContain(report.reasons?.[0]?.code);
      await publisher.close();
    }, 60_000);
  });
}
