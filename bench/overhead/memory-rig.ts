/** The floor: Switchboard's core on the in-memory adapter, no network and no serialization. */
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import type { DeliveryRig } from './delivery-rig.js';
import { switchboardDeliveryRig } from './switchboard-rig.js';

export async function switchboardMemoryRig(options: { validate?: boolean } = {}): Promise<DeliveryRig> {
  const hub = new MemoryHub();
  const publisher = memoryPublisher({ hub, ...(options.validate === false ? { validate: false } : {}) });
  const subscriber = memorySubscriber({ hub });
  return switchboardDeliveryRig({ publisher, subscriber });
}
