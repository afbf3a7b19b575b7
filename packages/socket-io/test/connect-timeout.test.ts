/**
 * `subscription.ready` settles when the hub cannot be reached: it rejects with TIMEOUT after the
 * subscriber's `connectTimeoutMs`, and the subscription keeps retrying and delivers once the hub is up.
 */
import { checkReadyWhileUnreachable, publicRoom } from '@switchboard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { type Hub, socketIoPublisher } from '../src/index.js';
import { startHub, subscriberFor } from './helpers.js';

describe('socket-io: ready while the hub is unreachable', () => {
  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the hub listens', async () => {
    let hub: Hub | undefined;
    const error = await checkReadyWhileUnreachable({
      connectTimeoutMs: 800,
      subscriber: (port) => subscriberFor(`http://127.0.0.1:${port}`, undefined, { connectTimeoutMs: 800 }),
      startService: async (port) => {
        hub = await startHub([publicRoom], { port });
        return hub;
      },
      publisher: () => socketIoPublisher({ hub: hub as Hub }),
      deliveryTimeoutMs: 30_000,
    });
    expect(error.message).toMatch(/not confirmed in 800 ms/);
  }, 60_000);
});
