import {
  createNotifier,
  createPublisher,
  createPublisherFromTransport,
  createSubscriber,
  defineChannel,
  type FallbackNotification,
  type FallbackResult,
  type NotificationFallback,
  RealtimeError,
  type RealtimeSubscriber,
} from '@switchboard/core';
import { createPublisherTransport, MemoryHub } from '@switchboard/core/memory';
import { waitFor } from '@switchboard/testing';
import { objectSchema } from '@switchboard/testing/conformance';
import { afterEach, describe, expect, it } from 'vitest';

const session = defineChannel('notify:session:{sessionId}', {
  access: 'presence',
  events: { 'partner:message': objectSchema({ text: 'string' }) },
  authorize: () => true,
});
const board = defineChannel('notify:board:{boardId}', {
  access: 'public',
  events: { 'partner:message': objectSchema({ text: 'string' }) },
});

/** A fallback that records what it was asked to deliver and answers as told. */
function recordingFallback(answer: () => Promise<FallbackResult> = async () => ({ delivered: true })) {
  const delivered: FallbackNotification[] = [];
  const fallback: NotificationFallback = {
    name: 'recording',
    async deliver(notification) {
      delivered.push(notification);
      return answer();
    },
  };
  return { fallback, delivered };
}

const subscribers: RealtimeSubscriber[] = [];
afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
});

async function joinAs(hub: MemoryHub, userId: string, sessionId = 's1') {
  const subscriber = createSubscriber({ provider: 'memory', hub, user: { id: userId } });
  subscribers.push(subscriber);
  await subscriber.presence(session({ sessionId })).enter({});
  return subscriber;
}

describe('notify', () => {
  it('publishes in realtime only when the recipient is present', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    const partner = await joinAs(hub, 'bob');
    const received: unknown[] = [];
    await partner.subscribe(session({ sessionId: 's1' }), 'partner:message', (data) => received.push(data)).ready;

    const result = await notify({
      channel: session({ sessionId: 's1' }),
      recipient: 'bob',
      event: 'partner:message',
      data: { text: 'hi' },
    });

    expect(result).toMatchObject({ route: 'realtime', reason: 'recipient present', delivered: true, presence: 'present' });
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual([result.messageId]);
    await waitFor(() => received.length === 1, 5000, 'the realtime message');
    expect(received).toEqual([{ text: 'hi' }]);
    expect(delivered).toEqual([]);
  });

  it('hands an offline recipient to the fallback and publishes nothing', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    await joinAs(hub, 'alice');

    const channel = session({ sessionId: 's1' });
    const result = await notify({ channel, recipient: 'bob', event: 'partner:message', data: { text: 'hi' } });

    expect(result).toEqual({
      route: 'fallback',
      reason: 'recipient offline',
      delivered: true,
      presence: 'absent',
      fallback: 'recording',
      fallbackResult: { delivered: true },
    });
    expect(hub.accepted).toEqual([]);
    expect(delivered).toEqual([{ recipient: 'bob', channel, event: 'partner:message', data: { text: 'hi' }, signal: undefined }]);
  });

  it('treats a user present on another channel, or who left, as offline', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    await joinAs(hub, 'bob', 'elsewhere');
    const leaving = await joinAs(hub, 'bob', 's1');
    await leaving.presence(session({ sessionId: 's1' })).leave();

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result.route).toBe('fallback');
    expect(delivered).toHaveLength(1);
  });

  it('counts a user with two tabs once and reaches them in realtime', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    await joinAs(hub, 'bob');
    const secondTab = await joinAs(hub, 'bob');
    await secondTab.close();

    const result = await notify({ channel: session({ sessionId: 's1' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });

    expect(result.route).toBe('realtime');
    expect(delivered).toEqual([]);
  });

  it('rejects invalid data before either route', async () => {
    const hub = new MemoryHub();
    const { fallback, delivered } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    await joinAs(hub, 'bob');

    const channel = session({ sessionId: 's1' });
    const wrongData = notify({ channel, recipient: 'bob', event: 'partner:message', data: { text: 42 } as never });
    await expect(wrongData).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'VALIDATION_FAILED'));
    const wrongEvent = notify({ channel, recipient: 'bob', event: 'nope' as never, data: {} as never });
    await expect(wrongEvent).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'INVALID_EVENT'));
    const noRecipient = notify({ channel, recipient: '', event: 'partner:message', data: { text: 'x' } });
    await expect(noRecipient).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'VALIDATION_FAILED'));
    const notPresence = notify({ channel: board({ boardId: 'b' }), recipient: 'bob', event: 'partner:message', data: { text: 'x' } });
    await expect(notPresence).rejects.toThrow(/needs a presence channel/);

    expect(hub.accepted).toEqual([]);
    expect(delivered).toEqual([]);
  });

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

  it('refuses a configuration without a publisher or with a malformed fallback', () => {
    expect(() => createNotifier({} as never)).toThrow(/needs a publisher/);
    const publisher = createPublisher({ provider: 'memory', hub: new MemoryHub() });
    expect(() => createNotifier({ publisher, fallback: { name: 'x' } as never })).toThrow(/deliver/);
  });
});
