/** Health with reasons and stats on the memory provider, and a subscriber's health from its connection. */
import { watchSubscriberHealth } from '@switchboard/core';
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { publicRoom, runHealthChecks } from '@switchboard/testing/conformance';
import { describe, expect, it } from 'vitest';

runHealthChecks('memory', async () => {
  const hub = new MemoryHub({ reconnectDelayMs: 50 });
  return {
    createPublisher: (options) => memoryPublisher({ hub, ...options }),
    createSubscriber: (user) => memorySubscriber({ hub, ...(user ? { user } : {}) }),
    failNextPublishes: (count) => hub.failNextPublishes(count),
    counts: ['connections', 'channels', 'subscriptions'],
  };
});

describe('subscriber health', () => {
  it('is degraded or unhealthy with connection-lost while the connection is down, healthy once back', async () => {
    const hub = new MemoryHub({ reconnectDelayMs: 300 });
    const subscriber = memorySubscriber({ hub });
    await subscriber.subscribe(publicRoom({ room: 'watch' }), 'note', () => {}).ready;
    const watch = watchSubscriberHealth(subscriber, { provider: 'memory' });
    expect(watch.health()).toMatchObject({ status: 'healthy', reasons: [], provider: 'memory' });
    await hub.dropConnections({ downForMs: 600 });
    const down = watch.health();
    expect(down.status).not.toBe('healthy');
    expect(down.reasons?.[0]?.code).toBe('connection-lost');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(watch.health()).toMatchObject({ status: 'healthy', reasons: [] });
    await subscriber.close();
    expect(watch.health().reasons?.[0]?.code).toBe('not-running');
    watch.stop();
  }, 30_000);
});
