/**
 * The browser build path: `ably/modular` with only the WebSocket, fetch and presence plugins.
 * Node 20 has no global WebSocket, so this file installs the `ws` implementation the full SDK ships
 * with (browsers and Node ≥ 22 have their own) before the modular build is first imported.
 */
import { createRequire } from 'node:module';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, inbox, lobby, unique } from './fixtures.js';

const requireFromTest = createRequire(import.meta.url);
const requireFromAbly = createRequire(requireFromTest.resolve('ably'));
const hadWebSocket = 'WebSocket' in globalThis;
if (!hadWebSocket) (globalThis as { WebSocket?: unknown }).WebSocket = requireFromAbly('ws');

describe('ably subscriber on ably/modular', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(async () => {
    await bed.emulator.close();
    if (!hadWebSocket) delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  it('receives messages and tracks presence with the modular build', async () => {
    const userId = unique('mod');
    const subscriber = bed.subscriber({ id: userId }, { sdk: 'modular' });
    const publisher = bed.publisher();
    const received = new Collector<unknown>();
    await subscriber.subscribe(inbox({ userId }), 'note', received.push).ready;
    await publisher.publish(inbox({ userId }), 'note', { via: 'modular' });
    expect(await received.toHave(1)).toEqual([{ via: 'modular' }]);
    const room = lobby({ room: unique('room') });
    await subscriber.presence(room).enter({ name: 'M' });
    await waitFor(async () => (await subscriber.presence(room).members()).length === 1, 10_000, 'own presence');
    expect(await subscriber.presence(room).members()).toEqual([{ userId, data: { name: 'M' } }]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});
