/**
 * `startRelay`: sends what committed. The publisher (built with the outbox as its `outbox`) claims
 * and sends committed messages in its recovery pass; the relay runs that pass when NOTIFY says a
 * transaction committed, again while a pass filled a whole batch, and the publisher's own timer
 * polls every `pollIntervalMs` as the fallback when notifications are lost or not configured.
 */
import { RealtimeError, type RealtimePublisher } from '@switchboard/core/server';
import type { OutboxListener, StopListening } from './database.js';
import type { PostgresOutbox } from './outbox-options.js';

/** Options of {@link startRelay}. */
export interface RelayOptions {
  /** The outbox whose committed messages to send. */
  outbox: PostgresOutbox;
  /** A publisher created with `outbox` as its `outbox` option; the relay does not close it. */
  publisher: RealtimePublisher;
  /**
   * Wakes the relay as soon as a transaction that recorded messages commits: PGlite itself,
   * `pgListener(connect)` or `postgresJsListener(sql)`. Without one the relay only polls.
   * @default undefined (polling only)
   */
  listener?: OutboxListener;
  /**
   * Hears about failed passes and a listener that could not start (the relay keeps polling).
   * @default console.warn
   */
  onError?: (error: unknown) => void;
}

/** A running relay. */
export interface OutboxRelay {
  /** Runs a pass now (joins the running one and runs once more after it); resolves when done. */
  wake(): Promise<void>;
  /** Stops listening and waking; the publisher stays open. */
  close(): Promise<void>;
}

/** Starts sending the outbox's committed messages through `publisher`. */
export async function startRelay(options: RelayOptions): Promise<OutboxRelay> {
  const { outbox, publisher } = options;
  if (typeof publisher.recoverOutbox !== 'function') {
    throw new RealtimeError('CONFIG', 'startRelay needs a publisher built by core with the outbox: createPublisher({ ..., outbox })');
  }
  const recover = publisher.recoverOutbox.bind(publisher);
  const warn =
    options.onError ??
    ((error: unknown) => console.warn(`[switchboard] postgres outbox relay: ${error instanceof Error ? error.message : String(error)}`));
  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;

  const loop = async () => {
    do {
      again = false;
      try {
        await recover();
      } catch (error) {
        warn(error);
        return;
      }
    } while ((again || outbox.backlog) && !closed);
  };

  const wake = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = undefined;
    });
    return running;
  };

  let stopListening: StopListening | undefined;
  if (options.listener) {
    try {
      stopListening = await options.listener.listen(outbox.notifyChannel, () => void wake());
    } catch (error) {
      warn(error);
    }
  }
  // The first pass also starts the publisher's polling timer.
  void wake();

  return {
    wake,
    async close() {
      closed = true;
      await stopListening?.().catch(warn);
      await running;
    },
  };
}
