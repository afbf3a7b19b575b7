/** The ledger itself: it must see a silently missing message, a duplicate, and a gap that covers what was missed. */
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { waitFor } from '@switchboard/testing';
import { DeliveryLedger, freshStream } from '@switchboard/testing/faults';
import { describe, expect, it } from 'vitest';

describe('delivery ledger', () => {
  it('counts a message that never arrived, with no gap, as lost', async () => {
    const hub = new MemoryHub();
    const channel = freshStream('ledger');
    const ledger = new DeliveryLedger();
    const subscriber = memorySubscriber({ hub });
    await ledger.observe('only', subscriber, channel);
    const publisher = memoryPublisher({ hub });
    for (const n of [0, 1]) {
      const handle = ledger.publishing(n);
      await publisher.publish(channel, 'tick', { n });
      handle.accepted();
    }
    ledger.publishing(2).accepted();
    await waitFor(() => ledger.tally().delivered === 2);
    expect(ledger.settled()).toBe(false);
    expect(ledger.tally()).toMatchObject({ sent: 3, delivered: 2, lost: 1, lostSample: [2], coveredByGap: 0 });
    ledger.stop();
    await subscriber.close();
  });

  it('counts a second copy reaching a handler as a duplicate', async () => {
    const hub = new MemoryHub();
    const channel = freshStream('ledger');
    const ledger = new DeliveryLedger();
    const subscriber = memorySubscriber({ hub, dedupeWindow: 0 });
    await ledger.observe('only', subscriber, channel);
    const publisher = memoryPublisher({ hub });
    ledger.publishing(0).accepted();
    await publisher.publish(channel, 'tick', { n: 0 }, { id: 'same' });
    await publisher.publish(channel, 'tick', { n: 0 }, { id: 'same' });
    await waitFor(() => ledger.tally().duplicates === 1);
    expect(ledger.tally()).toMatchObject({ delivered: 1, duplicates: 1, lost: 0 });
    ledger.stop();
    await subscriber.close();
  });

  it('counts messages published while a connection was down without recovery as covered by the gap', async () => {
    const hub = new MemoryHub();
    const channel = freshStream('ledger');
    const ledger = new DeliveryLedger();
    const subscriber = memorySubscriber({ hub });
    await ledger.observe('only', subscriber, channel);
    const publisher = memoryPublisher({ hub });
    await hub.dropConnections({ recover: false, downForMs: 200 });
    for (const n of [0, 1, 2]) {
      const handle = ledger.publishing(n);
      await publisher.publish(channel, 'tick', { n });
      handle.accepted();
    }
    await waitFor(() => ledger.tally().gapsReported === 1);
    const handle = ledger.publishing(3);
    await publisher.publish(channel, 'tick', { n: 3 });
    handle.accepted();
    await waitFor(() => ledger.settled());
    expect(ledger.tally()).toMatchObject({ sent: 4, delivered: 1, coveredByGap: 3, lost: 0, gapsReported: 1 });
    ledger.stop();
    await subscriber.close();
  });
});
