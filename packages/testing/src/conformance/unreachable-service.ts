/**
 * `subscription.ready` while the provider cannot be reached, the same for every adapter: the
 * subscriber points at a port where nothing listens yet, `ready` rejects with TIMEOUT after the
 * subscriber's `connectTimeoutMs` without cancelling the subscription, and once the provider's
 * server starts on that port the SDK's own reconnection brings the message through.
 */
import { RealtimeError, type RealtimePublisher, type RealtimeSubscriber } from '@switchboard/core';
import { expect } from 'vitest';
import { freePort } from '../ports.js';
import { Collector, waitFor } from '../wait.js';
import { publicRoom } from './catalog.js';

/** A server {@link UnreachableServiceCase.startService} started. */
export interface RunningService {
  /** Stops it; the check calls this when it is done. */
  close(): unknown;
}

/** An adapter's side of {@link checkReadyWhileUnreachable}. */
export interface UnreachableServiceCase {
  /** The `connectTimeoutMs` that {@link UnreachableServiceCase.subscriber} was given. */
  connectTimeoutMs: number;
  /** A subscriber of the adapter for the server that will listen on 127.0.0.1:`port`, with `connectTimeoutMs` set. */
  subscriber(port: number): RealtimeSubscriber;
  /** Starts the provider's server (hub or emulator) on 127.0.0.1:`port`. */
  startService(port: number): Promise<RunningService>;
  /** A publisher to the server {@link UnreachableServiceCase.startService} started. */
  publisher(port: number): RealtimePublisher;
  /** How long the SDK may take to reconnect and deliver once the server is up. @default 45_000 */
  deliveryTimeoutMs?: number;
}

/**
 * Runs the case: `ready` rejects with TIMEOUT no sooner than `connectTimeoutMs` (less 100 ms of
 * timer slack) while the subscriber is not connected; the server starts on the port; a message
 * published (again and again until one arrives) reaches the handler of the subscription that was
 * never cancelled, and the subscriber ends connected. Closes what it started, the server included.
 * @returns the error `ready` rejected with, for the adapter's own assertions on it
 */
export async function checkReadyWhileUnreachable(adapter: UnreachableServiceCase): Promise<RealtimeError> {
  const port = await freePort();
  const subscriber = adapter.subscriber(port);
  const room = publicRoom({ room: `unreachable-${port}` });
  const notes = new Collector<number>();
  const started = Date.now();
  const subscription = subscriber.subscribe(room, 'note', (data) => notes.push(data.n));
  const error = await subscription.ready.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(RealtimeError.isInstance(error, 'TIMEOUT'), `ready settled with ${String(error)}`).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(adapter.connectTimeoutMs - 100);
  expect(subscriber.state).not.toBe('connected');

  const service = await adapter.startService(port);
  const publisher = adapter.publisher(port);
  try {
    let n = 0;
    // The subscription was never cancelled: once the SDK reconnects it attaches and receives.
    await waitFor(
      async () => {
        await publisher.publish(room, 'note', { text: 'after', n: ++n });
        return notes.items.length > 0;
      },
      adapter.deliveryTimeoutMs ?? 45_000,
      'a message after the server came up',
    );
    expect(subscriber.state).toBe('connected');
  } finally {
    await publisher.close();
    await subscriber.close();
    await service.close();
  }
  return error as RealtimeError;
}
