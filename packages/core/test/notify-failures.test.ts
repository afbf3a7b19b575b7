import { createNotifier, createPublisher, createPublisherFromTransport, RealtimeError } from '@switchboard/core';
import { createPublisherTransport, MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';
import { joinAs, recordingFallback, session } from './notify-fixtures.js';

describe('notify when something fails', () => {
  it('falls back and says so when the provider has no server-side presence', async () => {
    const hub = new MemoryHub();
    const transport = createPublisherTransport({ hub });
    const withoutPresence = { ...transport, capabilities: { ...transport.capabilities, serverPresence: false } };
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisherFromTransport(withoutPresence), fallback });
    await joinAs(hub, 'bob');

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({ route: 'fallback', presence: 'unknown', delivered: true });
    expect(result.reason).toBe('presence unavailable: memory does not support serverPresence');
    expect(delivered).toHaveLength(1);
    expect(hub.accepted).toEqual([]);
  });

  it('can prefer realtime when presence is unknown, and gives up on a hanging presence query', async () => {
    const hub = new MemoryHub();
    const transport = createPublisherTransport({ hub });
    const hanging = { ...transport, presenceMembers: () => new Promise<never>(() => {}) };
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({
      publisher: createPublisherFromTransport(hanging),
      fallback,
      whenPresenceUnknown: 'realtime',
      presenceTimeoutMs: 50,
    });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({ route: 'realtime', presence: 'unknown', delivered: true });
    expect(result.reason).toMatch(/^presence unavailable: the presence query .* took longer than 50 ms$/);
    expect(hub.accepted).toHaveLength(1);
    expect(delivered).toEqual([]);
  });

  it('still reaches a present recipient through the fallback when the realtime publish fails', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub, retry: false }), fallback });
    await joinAs(hub, 'bob');
    hub.failNextPublishes(1);

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({ route: 'fallback', presence: 'present', delivered: true });
    expect(result.reason).toBe('recipient present, but realtime publish failed: memory hub: injected failure');
    expect(delivered).toHaveLength(1);
  });

  it('reports a failing fallback in the result instead of throwing', async () => {
    const hub = new MemoryHub();
    const outage = new RealtimeError('PROVIDER_UNAVAILABLE', 'push service answered 503', { provider: 'recording' });
    const { fallback } = recordingFallback(() => Promise.reject(outage));
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({ route: 'fallback', delivered: false, presence: 'absent', error: outage });
    expect(result.reason).toBe('recipient offline; recording failed: push service answered 503');
  });

  it('wraps a plain error thrown by a fallback into PROVIDER_UNAVAILABLE naming it', async () => {
    const hub = new MemoryHub();
    const { fallback } = recordingFallback(() => Promise.reject(new Error('socket hang up')));
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result.error?.code).toBe('PROVIDER_UNAVAILABLE');
    expect(result.error?.provider).toBe('recording');
    expect(result.error?.message).toBe('recording failed: socket hang up');
  });

  it('explains a fallback that had nothing to deliver', async () => {
    const hub = new MemoryHub();
    const { fallback } = recordingFallback(async () => ({ delivered: false, reason: 'no push tokens' }));
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({
      route: 'fallback',
      delivered: false,
      reason: 'recipient offline; recording delivered nothing: no push tokens',
    });
  });

  it('takes route none for an offline recipient when no fallback is configured', async () => {
    const hub = new MemoryHub();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }) });

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 7, event: 'partner:message', data: { text: 'x' } });

    expect(result).toEqual({ route: 'none', reason: 'recipient offline; no fallback configured', delivered: false, presence: 'absent' });
    expect(hub.accepted).toEqual([]);
  });

  it('reports a failed realtime publish in the result when there is no fallback', async () => {
    const hub = new MemoryHub();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub, retry: false }) });
    await joinAs(hub, 'bob');
    hub.failNextPublishes(1);

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result).toMatchObject({ route: 'realtime', delivered: false, presence: 'present' });
    expect(result.reason).toBe('recipient present; publish failed: memory hub: injected failure');
    expect(RealtimeError.isInstance(result.error, 'PROVIDER_UNAVAILABLE')).toBe(true);
  });

  it('throws CLOSED rather than routing around a closed publisher', async () => {
    const publisher = createPublisher({ provider: 'memory', hub: new MemoryHub() });
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher, fallback });
    await publisher.close();

    const closed = notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    await expect(closed).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'CLOSED'));
    expect(delivered).toEqual([]);
  });
});
