/** The in-memory provider as a fault rig: the hub's own fault hooks, no network. */
import { RealtimeError } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import type { FaultRig } from '@switchboard/testing/faults';
import { malformedEnvelope } from './malformed-payloads.js';

export function memoryRig(): FaultRig {
  const hub = new MemoryHub({ reconnectDelayMs: 50 });
  return {
    name: 'memory',
    publisher: (options = {}) => memoryPublisher({ hub, ...options }),
    subscriberTransport: () => createSubscriberTransport({ hub }),
    dropConnections: () => hub.dropConnections({ downForMs: 100 }),
    failPublishes(status) {
      hub.failNextPublishes(Number.MAX_SAFE_INTEGER, () => new RealtimeError('PROVIDER_UNAVAILABLE', `memory hub: injected ${status}`));
      return () => hub.failNextPublishes(0);
    },
    async injectMalformed(channel, kind) {
      hub.injectRaw(channel, malformedEnvelope(kind));
      return { reached: true };
    },
    async teardown() {},
  };
}
