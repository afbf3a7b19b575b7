/**
 * `subscription.ready` settles when Ably cannot be reached: it rejects with TIMEOUT after the
 * subscriber's `connectTimeoutMs`, and the subscription keeps retrying (the Ably SDK reconnects on
 * its own) and delivers once the service is up. The real `ably` SDK against the emulator.
 */
import { createServer } from 'node:net';
import { createChannelChecker, RealtimeError } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { publicRoom } from '@switchboard/testing/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { ablyAuthorizer, ablyPublisher } from '../src/index.js';
import { ablySubscriber } from '../src/subscriber/index.js';
import { API_KEY, fastClientOptions } from './emulator-setup.js';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ably: ready while the service is unreachable', () => {
  let emulator: AblyEmulator | undefined;
  afterAll(() => emulator?.close());

  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the service listens', async () => {
    const port = await freePort();
    const host = { endpoint: '127.0.0.1', port, tls: false as const };
    const authorizer = ablyAuthorizer({ apiKey: API_KEY, ...host });
    const checker = createChannelChecker([publicRoom]);
    const user = { id: 'late-reader' };
    const subscriber = ablySubscriber({
      ...host,
      authCallback: (channels: string[]) => authorizer.authorize({ user, body: { channels }, check: (name) => checker(user, name) }),
      clientOptions: fastClientOptions,
      connectTimeoutMs: 800,
    });
    const room = publicRoom({ room: 'late-service' });
    const notes = new Collector<number>();
    const started = Date.now();
    const subscription = subscriber.subscribe(room, 'note', (data) => notes.push(data.n));
    const error = await subscription.ready.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(RealtimeError.isInstance(error, 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(subscriber.state).not.toBe('connected');

    emulator = await startAblyEmulator({ keys: [API_KEY], port });
    const publisher = ablyPublisher({ apiKey: API_KEY, ...host, clientOptions: fastClientOptions });
    let n = 0;
    // The subscription was never cancelled: once the SDK reconnects it attaches and receives.
    await waitFor(
      async () => {
        await publisher.publish(room, 'note', { text: 'after', n: ++n });
        return notes.items.length > 0;
      },
      45_000,
      'a message after the service came up',
    );
    expect(subscriber.state).toBe('connected');
    await publisher.close();
    await subscriber.close();
  }, 90_000);
});
