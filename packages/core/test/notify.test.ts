import { createNotifier, createPublisher, RealtimeError } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { board, joinAs, recordingFallback, session } from './notify-fixtures.js';

describe('notify routes', () => {
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

  it('leaves every device of excludeUserId out of the realtime route and refuses excluding the recipient', async () => {
    const hub = new MemoryHub();
    const { fallback } = recordingFallback();
    const { notify } = createNotifier({ publisher: createPublisher({ provider: 'memory', hub }), fallback });
    const channel = session({ sessionId: 's1' });
    const received: Record<string, string[]> = { bob: [], aliceLaptop: [], alicePhone: [] };
    const listen = async (userId: string, into: string[]) =>
      (await joinAs(hub, userId)).subscribe(channel, 'partner:message', (data) => into.push(data.text)).ready;
    await listen('bob', received.bob as string[]);
    await listen('alice', received.aliceLaptop as string[]);
    await listen('alice', received.alicePhone as string[]);

    const result = await notify({
      channel,
      recipient: 'bob',
      excludeUserId: 'alice',
      event: 'partner:message',
      data: { text: 'alice joined' },
    });
    await notify({ channel, recipient: 'bob', event: 'partner:message', data: { text: 'to everyone' } });

    expect(result).toMatchObject({ route: 'realtime', delivered: true });
    expect(hub.accepted[0]?.excludeUser).toBe('alice');
    await waitFor(() => received.bob?.length === 2 && received.alicePhone?.length === 1, 5000, 'both messages');
    expect(received).toEqual({ bob: ['alice joined', 'to everyone'], aliceLaptop: ['to everyone'], alicePhone: ['to everyone'] });
    const excludingRecipient = notify({ channel, recipient: 'bob', excludeUserId: 'bob', event: 'partner:message', data: { text: 'x' } });
    await expect(excludingRecipient).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'VALIDATION_FAILED'));
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

  it('refuses a configuration without a publisher or with a malformed fallback', () => {
    expect(() => createNotifier({} as never)).toThrow(/needs a publisher/);
    const publisher = createPublisher({ provider: 'memory', hub: new MemoryHub() });
    expect(() => createNotifier({ publisher, fallback: { name: 'x' } as never })).toThrow(/deliver/);
  });
});
