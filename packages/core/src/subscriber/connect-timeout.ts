/**
 * `subscription.ready` settles even when the provider cannot be reached: after the connect timeout
 * it rejects with TIMEOUT while the attach goes on (the transport keeps retrying), so the
 * subscription still delivers once connected.
 */
import { RealtimeError } from '../errors.js';
import type { SubscriberTransport } from '../transport.js';

/** `attaching`, rejected with TIMEOUT when it has not settled within `timeoutMs` (no limit when not finite). */
export function withConnectTimeout(
  attaching: Promise<void>,
  timeoutMs: number,
  transport: () => SubscriberTransport | undefined,
  channel: string,
): { promise: Promise<void>; timedOut(): boolean } {
  let timedOut = false;
  const promise = new Promise<void>((resolve, reject) => {
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          const target = transport();
          const state = target?.state() ?? 'idle';
          reject(
            new RealtimeError('TIMEOUT', `"${channel}" not confirmed within ${timeoutMs} ms (connection ${state}); still retrying`, {
              provider: target?.provider,
              details: { channel, timeoutMs, state },
            }),
          );
        }, timeoutMs)
      : undefined;
    // Never what keeps a Node process alive.
    (timer as { unref?: () => void } | undefined)?.unref?.();
    attaching.then(resolve, reject).finally(() => clearTimeout(timer));
  });
  promise.catch(() => {});
  return { promise, timedOut: () => timedOut };
}
