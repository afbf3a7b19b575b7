/** The floor: Switchboard's core on the in-memory adapter, no network and no serialization. */
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import type { DeliveryRig } from './delivery-rig.js';
import { switchboardDeliveryRig } from './switchboard-rig.js';

/** `validate: false` turns validation off on both ends (the validation policy `false`). */
export async function switchboardMemoryRig(options: { validate?: false } = {}): Promise<DeliveryRig> {
  const hub = new MemoryHub();
  const publisher = memoryPublisher({ hub, ...options });
  const subscriber = memorySubscriber({ hub, ...options });
  return switchboardDeliveryRig({ publisher, subscriber });
}
