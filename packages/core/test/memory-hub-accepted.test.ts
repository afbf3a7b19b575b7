/** The memory hub keeps what it accepted for tests to read, bounded so a long-running hub does not grow forever. */
import { createPublisherFromTransport, defineChannel, type StandardSchemaV1 } from '@switchboard/core';
import { ACCEPTED_KEPT, createPublisherTransport, MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';

const any: StandardSchemaV1<{ n: number }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { n: number } }) },
};
const feed = defineChannel('kept:{id}', { access: 'public', events: { tick: any } });

describe('memory hub', () => {
  it('keeps the last accepted messages, not every one', async () => {
    const hub = new MemoryHub();
    const memory = createPublisherTransport({ hub });
    const publisher = createPublisherFromTransport(memory);
    const total = 2 * ACCEPTED_KEPT + 5;
    const entries = Array.from({ length: total }, (_, n) => ({ channel: feed({ id: 1 }), event: 'tick' as const, data: { n } }));
    await publisher.publishMany(entries);
    expect(hub.accepted.length).toBeGreaterThanOrEqual(ACCEPTED_KEPT);
    expect(hub.accepted.length).toBeLessThanOrEqual(2 * ACCEPTED_KEPT);
    expect(hub.accepted.map((envelope) => (envelope.data as { n: number }).n).slice(-ACCEPTED_KEPT)).toEqual(
      entries.slice(-ACCEPTED_KEPT).map((entry) => entry.data.n),
    );
  });
});
