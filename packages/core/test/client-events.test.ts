import {
  createChannelChecker,
  createSubscriber,
  defineChannel,
  listenForWhisper,
  RealtimeError,
  type StandardSchemaV1,
  whisper,
} from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';

const typing: StandardSchemaV1<{ typing: boolean }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) =>
      typeof (value as { typing?: unknown })?.typing === 'boolean'
        ? { value: value as { typing: boolean } }
        : { issues: [{ message: 'typing must be a boolean', path: ['typing'] }] },
  },
};
const room = defineChannel('whisper:room:{room}', { access: 'presence', events: {}, clientEvents: { typing }, authorize: () => true });

describe('client event declarations', () => {
  it('a channel of client events alone needs no server event; one with neither is refused', () => {
    expect(Object.keys(room.events)).toEqual([]);
    expect(() => defineChannel('empty:{id}', { access: 'private', events: {} })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('the server refuses a public channel with client events, and client event names a provider reserves', () => {
    const open = defineChannel('open:{id}', { access: 'public', events: {}, clientEvents: { typing } });
    expect(() => createChannelChecker([open])).toThrowError(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringMatching(/public/) }),
    );
    const reserved = defineChannel('reserved:{id}', { access: 'private', events: {}, clientEvents: { 'client-typing': typing } });
    expect(() => createChannelChecker([reserved])).toThrowError(expect.objectContaining({ code: 'INVALID_EVENT' }));
  });
});

describe('whisper on the memory adapter', () => {
  it('is refused with UNSUPPORTED, naming the entry, on a transport without client events', async () => {
    const hub = new MemoryHub();
    const [first] = [createSubscriber({ provider: 'memory', hub, user: { id: 'ada' } })];
    const base = await first.describe();
    const bare = createSubscriber({ adapter: { ...(base as object), clientEvents: undefined } as never });
    const refused = await whisper(bare, room({ room: 'r' }), 'typing', { typing: true }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'UNSUPPORTED')).toBe(true);
    expect((refused as RealtimeError).message).toMatch(/client-events/);
    await first.close();
  });

  it('a listener stops hearing after unsubscribe, and no whisper reaches its own sender', async () => {
    const hub = new MemoryHub();
    const ada = createSubscriber({ provider: 'memory', hub, user: { id: 'ada' } });
    const bob = createSubscriber({ provider: 'memory', hub, user: { id: 'bob' } });
    const atBob: boolean[] = [];
    const atAda: boolean[] = [];
    const bobListening = listenForWhisper(bob, room({ room: 'r' }), 'typing', (data) => atBob.push(data.typing));
    await bobListening.ready;
    await listenForWhisper(ada, room({ room: 'r' }), 'typing', (data) => atAda.push(data.typing)).ready;
    await whisper(ada, room({ room: 'r' }), 'typing', { typing: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    bobListening.unsubscribe();
    bobListening.unsubscribe();
    await whisper(ada, room({ room: 'r' }), 'typing', { typing: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(atBob).toEqual([true]);
    expect(atAda).toEqual([]);
    await Promise.all([ada.close(), bob.close()]);
  });
});
