/** The floor: Switchboard's core on the in-memory adapter, no network and no serialization. */
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { BENCH_EVENT, benchFeed, lessonPayload } from '../lib/bench-channel.js';
import type { DeliveryRig } from './delivery-rig.js';

export async function switchboardMemoryRig(options: { validate?: boolean } = {}): Promise<DeliveryRig> {
  const hub = new MemoryHub();
  const publisher = memoryPublisher({ hub, ...(options.validate === false ? { validate: false } : {}) });
  const subscriber = memorySubscriber({ hub });
  const channel = benchFeed({ room: 'overhead' });
  let listener: (sequence: number) => void = () => {};
  await subscriber.subscribe(channel, BENCH_EVENT, (data) => listener(Number(data.lessonId))).ready;
  return {
    publish: (sequence) => publisher.publish(channel, BENCH_EVENT, lessonPayload(sequence)),
    onDelivery(receive) {
      listener = receive;
    },
    async close() {
      await subscriber.close();
      await publisher.close();
    },
  };
}
