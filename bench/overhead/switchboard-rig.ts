/**
 * Switchboard's side of every overhead comparison: one publisher and one subscriber on the bench
 * channel, wired into a DeliveryRig. Each provider's rig only builds the pair (and its server), so
 * every provider is measured through exactly the same Switchboard calls.
 */
import type { RealtimePublisher, RealtimeSubscriber } from '@switchboard/core';
import { BENCH_EVENT, benchFeed, lessonPayload } from '../lib/bench-channel.js';
import type { DeliveryRig } from './delivery-rig.js';

export interface SwitchboardRigParts {
  publisher: RealtimePublisher;
  subscriber: RealtimeSubscriber;
  /** Stops the provider's server (emulator or hub) after both clients closed; none for in-process providers. */
  closeServer?: () => Promise<void>;
}

/** Subscribes to the bench channel, then returns the rig; closing it closes subscriber, publisher, server in that order. */
export async function switchboardDeliveryRig({ publisher, subscriber, closeServer }: SwitchboardRigParts): Promise<DeliveryRig> {
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
      await closeServer?.();
    },
  };
}
