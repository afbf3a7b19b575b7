/** The history store's number (`historySeq`) crosses Ably like the rest of the envelope: in a message header, both ways. */
import { memoryHistory } from '@switchboard/core/history';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyPublisher, createPublisherTransport } from '../src/index.js';
import { type AblyTestBed, API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, unique } from './fixtures.js';

describe('ably with a history store', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('carries each message’s history number through Ably and back', async () => {
    const channel = feed({ room: unique('history') });
    const publisher = ablyPublisher({ apiKey: API_KEY, ...bed.host, clientOptions: fastClientOptions, history: memoryHistory() });
    await publisher.publish(channel, 'tick', { n: 1 });
    await publisher.publishMany([{ channel, event: 'tick', data: { n: 2 } }]);
    const transport = createPublisherTransport({ apiKey: API_KEY, ...bed.host });
    const stored = await transport.history(channel, { limit: 5 });
    expect(stored.map((envelope) => [envelope.data, envelope.historySeq]).reverse()).toEqual([
      [{ n: 1 }, 1],
      [{ n: 2 }, 2],
    ]);
    await Promise.all([publisher.close(), transport.close()]);
  });
});
