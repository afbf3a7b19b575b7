/**
 * `subscription.ready` settles when the hub cannot be reached: it rejects with TIMEOUT after the
 * subscriber's `connectTimeoutMs`, and the subscription keeps retrying and delivers once the hub is up.
 */
import { createServer } from 'node:net';
import { RealtimeError } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { publicRoom } from '@switchboard/testing/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { type Hub, socketIoPublisher } from '../src/index.js';
import { startHub, subscriberFor } from './helpers.js';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('socket-io: ready while the hub is unreachable', () => {
  let hub: Hub | undefined;
  afterAll(() => hub?.close());

  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the hub listens', async () => {
    const port = await freePort();
    const subscriber = subscriberFor(`http://127.0.0.1:${port}`, undefined, { connectTimeoutMs: 800 });
    const room = publicRoom({ room: 'late-hub' });
    const notes = new Collector<number>();
    const started = Date.now();
    const subscription = subscriber.subscribe(room, 'note', (data) => notes.push(data.n));
    const error = await subscription.ready.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(RealtimeError.isInstance(error, 'TIMEOUT')).toBe(true);
    expect((error as RealtimeError).message).toMatch(/not confirmed in 800 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(subscriber.state).not.toBe('connected');

    hub = await startHub([publicRoom], { port });
    const publisher = socketIoPublisher({ hub });
    let n = 0;
    // The subscription was never cancelled: once the client reconnects it attaches and receives.
    await waitFor(
      async () => {
        await publisher.publish(room, 'note', { text: 'after', n: ++n });
        return notes.items.length > 0;
      },
      30_000,
      'a message after the hub came up',
    );
    expect(subscriber.state).toBe('connected');
    await publisher.close();
    await subscriber.close();
  }, 60_000);
});
