import { createSubscriberFromTransport, defineChannel } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';

const room = defineChannel('room:{roomId}', {
  access: 'presence',
  events: { said: { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } } },
  authorize: () => true,
});

describe('presence channels are released', () => {
  it('detaches once the last presence listener stops and this connection is not present', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const stop = subscriber.presence(room({ roomId: 'a' })).onChange(() => {});
    await waitFor(() => hub.subscriptionCount() === 1, 5000, 'presence attach');
    stop();
    await waitFor(() => hub.subscriptionCount() === 0, 5000, 'presence detach');
    await subscriber.close();
  });

  it('stays attached while entered, and lets go after leave', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const presence = subscriber.presence(room({ roomId: 'a' }));
    const stop = presence.onChange(() => {});
    await presence.enter({ name: 'Ada' });
    stop();
    expect(await presence.members()).toEqual([{ userId: 'ada', data: { name: 'Ada' } }]);
    expect(hub.subscriptionCount()).toBe(1);
    await presence.leave();
    await waitFor(() => hub.subscriptionCount() === 0, 5000, 'detach after leave');
    await subscriber.close();
  });

  it('lets go of a listener that stopped before presence was set up', async () => {
    const hub = new MemoryHub();
    const transport = createSubscriberTransport({ hub, user: { id: 'ada' } });
    const calls: string[] = [];
    const subscriber = createSubscriberFromTransport({
      ...transport,
      attach(channel, sink, options) {
        calls.push('attach');
        return transport.attach(channel, sink, options);
      },
      detach(channel) {
        calls.push('detach');
        return transport.detach(channel);
      },
    });
    subscriber.presence(room({ roomId: 'a' })).onChange(() => {})();
    await waitFor(() => calls.length === 2, 5000, 'attach then detach');
    expect(calls).toEqual(['attach', 'detach']);
    expect(hub.subscriptionCount()).toBe(0);
    await subscriber.close();
  });
});
