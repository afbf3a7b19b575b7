/**
 * `subscription.ready` settles even when the provider cannot be reached: after the connect timeout
 * it rejects with TIMEOUT while the attach goes on (the transport keeps retrying), so the
 * subscription still delivers once connected.
 */
import { RealtimeError } from '../errors.js';
import type { SubscriberTransport } from '../transport.js';

/**
 * `attaching`, rejected with TIMEOUT when it has not settled within `timeoutMs` (no limit when not
 * finite); `onTimeout` is told when that happened.
 */
export function withConnectTimeout(
  attaching: Promise<void>,
  timeoutMs: number,
  transport: () => SubscriberTransport | undefined,
  channel: string,
  onTimeout: () => void,
): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer =
      timeoutMs < Infinity &&
      setTimeout(() => {
        onTimeout();
        const target = transport();
        const state = target?.state() ?? 'idle';
        const details = { channel, timeoutMs, state };
        reject(
          new RealtimeError('TIMEOUT', `"${channel}" not confirmed in ${timeoutMs} ms (${state}); still retrying`, {
            provider: target?.provider,
            details,
          }),
        );
      }, timeoutMs);
    // Never what keeps a Node process alive.
    if (timer) (timer as { unref?: () => void }).unref?.();
    attaching.then(resolve, reject).finally(() => timer && clearTimeout(timer));
  });
  ready.catch(() => {});
  return ready;
}
