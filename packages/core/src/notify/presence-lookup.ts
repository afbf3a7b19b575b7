/**
 * Asks the publisher whether a user is on a presence channel, turning every way that can fail into
 * an answer `notify` can route on: present, absent, or unknown with the reason.
 */
import type { ChannelRef } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { RealtimePublisher } from '../publisher.js';

export type PresenceLookup = { state: 'present' } | { state: 'absent' } | { state: 'unknown'; error: RealtimeError };

function asRealtimeError(error: unknown): RealtimeError {
  if (RealtimeError.isInstance(error)) return error;
  return new RealtimeError('PROVIDER_UNAVAILABLE', error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * Queries presence, giving up after `timeoutMs`: a provider that hangs must not hold the
 * notification back longer than its fallback would take.
 */
export async function lookUpPresence(
  publisher: RealtimePublisher,
  channel: ChannelRef,
  recipient: string,
  timeoutMs: number,
): Promise<PresenceLookup> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RealtimeError('TIMEOUT', `the presence query on "${channel.name}" took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const present = await Promise.race([publisher.presence(channel).isPresent(recipient), timeout]);
    return present ? { state: 'present' } : { state: 'absent' };
  } catch (error) {
    // A closed publisher is a bug in the caller, not an outage to route around.
    if (RealtimeError.isInstance(error, 'CLOSED')) throw error;
    return { state: 'unknown', error: asRealtimeError(error) };
  } finally {
    clearTimeout(timer);
  }
}
