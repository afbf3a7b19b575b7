import { createChannelChecker } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyAuthorizer } from '../src/index.js';
import { type AblyTestBed, API_KEY, startTestBed } from './emulator-setup.js';
import { definitions, feed, inbox, unique } from './fixtures.js';

/** Wraps a token source so the test sees every request (the channels each token was asked for). */
const recorded = (source: (channels: string[]) => Promise<unknown>, log: string[][]) => (channels: string[]) => {
  log.push(channels);
  return source(channels);
};

describe('ably subscriber: tokens', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('renews a token that expires mid-stream and misses nothing', { timeout: 30_000 }, async () => {
    const userId = unique('renew');
    const requests: string[][] = [];
    const source = bed.tokenSource({ id: userId });
    const subscriber = bed.subscriber({ id: userId }, { authCallback: recorded(source, requests) });
    const publisher = bed.publisher();
    const channel = inbox({ userId });
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'note', (data) => received.push(data.n as number)).ready;
    const connectionId = subscriber.connectionId;
    for (let n = 1; n <= 20; n++) {
      if (n === 8) bed.emulator.expireToken(userId);
      await publisher.publish(channel, 'note', { n });
    }
    await received.toHave(20, 15_000);
    expect(received.items).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.at(-1)).toEqual([channel.name]);
    // Ably resumed the same connection with the new token.
    await waitFor(() => subscriber.state === 'connected', 10_000, 'reconnected');
    expect(subscriber.connectionId).toBe(connectionId);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('re-authorizes the live connection when a channel the token does not cover is attached', { timeout: 20_000 }, async () => {
    const userId = unique('grow');
    const requests: string[][] = [];
    const source = bed.tokenSource({ id: userId });
    const subscriber = bed.subscriber({ id: userId }, { authCallback: recorded(source, requests) });
    const publisher = bed.publisher();
    const first = feed({ room: unique('a') });
    const second = inbox({ userId });
    await subscriber.subscribe(first, 'tick', () => {}).ready;
    const connectionId = subscriber.connectionId;
    const received = new Collector<unknown>();
    await subscriber.subscribe(second, 'note', received.push).ready;
    expect(requests).toEqual([[first.name], [first.name, second.name]]);
    expect(subscriber.connectionId).toBe(connectionId);
    await publisher.publish(second, 'note', { hello: true });
    expect(await received.toHave(1)).toEqual([{ hello: true }]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('answers a server AUTH request with a fresh token on the same connection', { timeout: 20_000 }, async () => {
    const userId = unique('reauth');
    const requests: string[][] = [];
    const subscriber = bed.subscriber({ id: userId }, { authCallback: recorded(bed.tokenSource({ id: userId }), requests) });
    await subscriber.subscribe(inbox({ userId }), 'note', () => {}).ready;
    const connectionId = subscriber.connectionId;
    const states = new Collector<string>();
    subscriber.onStateChange((change) => states.push(change.current));
    bed.emulator.requestReauth();
    await waitFor(() => requests.length === 2, 10_000, 'a second token request');
    expect(subscriber.connectionId).toBe(connectionId);
    expect(states.items).toEqual([]);
    await subscriber.close();
  });

  it('renews a short-lived token before it expires, without dropping the connection', { timeout: 30_000 }, async () => {
    const userId = unique('early');
    const shortLived = ablyAuthorizer({ apiKey: API_KEY, ttlMs: 10_000 });
    const checker = createChannelChecker(definitions);
    const user = { id: userId };
    const issued: number[] = [];
    const subscriber = bed.subscriber(user, {
      authCallback: (channels) => {
        issued.push(Date.now());
        return shortLived.authorize({ user, body: { channels }, check: (name) => checker(user, name) });
      },
    });
    await subscriber.subscribe(inbox({ userId }), 'note', () => {}).ready;
    const states = new Collector<string>();
    subscriber.onStateChange((change) => states.push(change.current));
    await waitFor(() => issued.length >= 2, 15_000, 'an early renewal');
    expect((issued[1] as number) - (issued[0] as number)).toBeLessThan(10_000);
    expect(states.items).toEqual([]);
    await subscriber.close();
  });
});
