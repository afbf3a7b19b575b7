/**
 * `subscription.ready` settles after `connectTimeoutMs` when the provider neither confirms nor
 * refuses, without cancelling the subscription. The transport here is the memory adapter with its
 * attach held back, standing for a provider that cannot be reached yet; the adapters' own tests
 * (`connect-timeout.test.ts` in socket-io, pusher and ably) do the same against real servers.
 */
import { createSubscriberFromTransport, defineChannel, RealtimeError, type SubscriberTransport } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { Collector } from '@switchboard/testing';
import { describe, expect, it, vi } from 'vitest';

const anything = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
const room = defineChannel('timeout:{roomId}', { access: 'public', events: { said: anything } });

/** A memory transport whose attach waits until `release()` (or fails with `refuse()`). */
function heldTransport(hub: MemoryHub) {
  const transport = createSubscriberTransport({ hub });
  let release: () => void = () => {};
  let refuse: (error: unknown) => void = () => {};
  const gate = new Promise<void>((resolve, reject) => {
    release = resolve;
    refuse = reject;
  });
  const held: SubscriberTransport = { ...transport, attach: async (...args) => gate.then(() => transport.attach(...args)) };
  return { held, release: () => release(), refuse: (error: unknown) => refuse(error) };
}

const outcome = (promise: Promise<void>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

describe('connectTimeoutMs', () => {
  it('rejects ready with TIMEOUT naming the channel and state, and still delivers once attached', async () => {
    const hub = new MemoryHub();
    const { held, release } = heldTransport(hub);
    const subscriber = createSubscriberFromTransport(held, { connectTimeoutMs: 200 });
    const said = new Collector<unknown>();
    const channel = room({ roomId: 'a' });
    const error = await outcome(subscriber.subscribe(channel, 'said', said.push).ready);
    expect(RealtimeError.isInstance(error, 'TIMEOUT')).toBe(true);
    expect((error as RealtimeError).details).toMatchObject({ channel: 'timeout:a', timeoutMs: 200 });
    release();
    const publisher = memoryPublisher({ hub });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await publisher.publish(channel, 'said', { text: 'late' });
    await said.toHave(1);
    await subscriber.close();
  });

  it('waits as long as it takes with Infinity', async () => {
    const hub = new MemoryHub();
    const { held, release } = heldTransport(hub);
    const subscriber = createSubscriberFromTransport(held, { connectTimeoutMs: Number.POSITIVE_INFINITY });
    const ready = subscriber.subscribe(room({ roomId: 'b' }), 'said', () => {}).ready;
    const early = await Promise.race([outcome(ready), new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]);
    expect(early).toBe('pending');
    release();
    expect(await outcome(ready)).toBe('resolved');
    await subscriber.close();
  });

  it('warns about a refusal that comes after the timeout, with no onError listener', async () => {
    const hub = new MemoryHub();
    const { held, refuse } = heldTransport(hub);
    const subscriber = createSubscriberFromTransport(held, { connectTimeoutMs: 100 });
    const warnings = new Collector<string>();
    const warn = vi.spyOn(console, 'warn').mockImplementation((line: string) => warnings.push(line));
    try {
      const ready = subscriber.subscribe(room({ roomId: 'c' }), 'said', () => {}).ready;
      expect(RealtimeError.isInstance(await outcome(ready), 'TIMEOUT')).toBe(true);
      refuse(new RealtimeError('FORBIDDEN', 'not yours'));
      await warnings.toHave(1);
      expect(warnings.items[0]).toMatch(/FORBIDDEN: not yours/);
    } finally {
      warn.mockRestore();
    }
    await subscriber.close();
  });
});
