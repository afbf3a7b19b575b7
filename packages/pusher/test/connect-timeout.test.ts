/**
 * `subscription.ready` settles when the Pusher server cannot be reached: it rejects with TIMEOUT
 * after the subscriber's `connectTimeoutMs`, and the subscription keeps retrying (pusher-js
 * reconnects on its own) and delivers once the server is up. Real pusher-js against the emulator.
 */
import { createServer } from 'node:net';
import { RealtimeError } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { publicRoom } from '@switchboard/testing/conformance';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { pusherPublisher } from '../src/index.js';
import { pusherSubscriber } from '../src/subscriber/index.js';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pusher: ready while the server is unreachable', () => {
  let emulator: PusherEmulator | undefined;
  afterAll(() => emulator?.close());

  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the server listens', async () => {
    const credentials = { appId: '1', key: 'test-key', secret: 'test-secret' };
    const port = await freePort();
    const subscriber = pusherSubscriber({
      key: credentials.key,
      wsHost: '127.0.0.1',
      wsPort: port,
      forceTLS: false,
      connectTimeoutMs: 800,
    });
    const room = publicRoom({ room: 'late-server' });
    const notes = new Collector<number>();
    const started = Date.now();
    const subscription = subscriber.subscribe(room, 'note', (data) => notes.push(data.n));
    const error = await subscription.ready.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(RealtimeError.isInstance(error, 'TIMEOUT')).toBe(true);
    expect((error as RealtimeError).provider).toBe('pusher');
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(subscriber.state).not.toBe('connected');

    emulator = await startPusherEmulator({ ...credentials, port });
    const publisher = pusherPublisher({ ...credentials, host: emulator.host, port: emulator.port, useTLS: false });
    let n = 0;
    // The subscription was never cancelled: once pusher-js reconnects it subscribes and receives.
    await waitFor(
      async () => {
        await publisher.publish(room, 'note', { text: 'after', n: ++n });
        return notes.items.length > 0;
      },
      45_000,
      'a message after the server came up',
    );
    expect(subscriber.state).toBe('connected');
    await publisher.close();
    await subscriber.close();
  }, 90_000);
});
