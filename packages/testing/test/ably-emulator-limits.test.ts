/**
 * The Ably emulator is as strict as hosted Ably where it matters to a green test: batch limits,
 * the TokenRequest clock window, key capabilities, revocable-token TTLs, retention, rewind, extras
 * and the two ways a resume fails. Driven by the real `ably` SDK where it can say it.
 */
import * as Ably from 'ably';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AblyEmulator, Action, startAblyEmulator } from '../src/ably-emulator/index.js';
import { basic, FrameClient, KEY, KEY_NAME, rest, signTokenRequest } from './ably-emulator-helpers.js';

const quiet = { logLevel: 0, useBinaryProtocol: false, tls: false };
const restClient = (emulator: AblyEmulator, options: Partial<Ably.ClientOptions> = {}) =>
  new Ably.Rest({ key: KEY, endpoint: emulator.host, port: emulator.port, ...quiet, ...options });

let unique = 0;
const channelName = (prefix: string) => `${prefix}-${++unique}`;

describe('ably emulator: batch limits', () => {
  let emulator: AblyEmulator;
  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: [KEY] });
  });
  afterAll(() => emulator.close());

  it('refuses a batch publish naming more than 100 distinct channels with 90010, publishing nothing', async () => {
    const client = restClient(emulator);
    const channels = Array.from({ length: 101 }, () => channelName('wide'));
    const error = await client.batchPublish({ channels, messages: [{ name: 'n', data: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 90010, statusCode: 400 });
    const history = await client.channels.get(channels[0] as string).history();
    expect(history.items).toEqual([]);
  });

  it('accepts 100 distinct channels in one batch', async () => {
    const channels = Array.from({ length: 100 }, () => channelName('wide-ok'));
    const result = await restClient(emulator).batchPublish({ channels, messages: [{ name: 'n', data: 'x' }] });
    expect(result.successCount).toBe(100);
  });

  it('accepts a 1.5 MiB batch body and refuses one over 2 MiB with 40009 (413)', async () => {
    const client = restClient(emulator);
    const spec = () => ({ channels: [channelName('big')], messages: [{ name: 'n', data: 'y'.repeat(60_000) }] });
    const fits = await client.batchPublish(Array.from({ length: 26 }, spec));
    expect(fits.every((result) => result.failureCount === 0)).toBe(true);
    const error = await client.batchPublish(Array.from({ length: 36 }, spec)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 40009, statusCode: 413 });
  });

  it('fails one channel inside a batch on request while the others are published', async () => {
    const client = restClient(emulator);
    const [ok, broken] = [channelName('ok'), channelName('broken')];
    emulator.failChannelInBatch(broken, 503);
    const [first, second] = await client.batchPublish([
      { channels: [ok], messages: [{ name: 'n', data: 'a' }] },
      { channels: [broken], messages: [{ name: 'n', data: 'b' }] },
    ]);
    expect(first).toMatchObject({ successCount: 1, failureCount: 0 });
    expect(second).toMatchObject({
      successCount: 0,
      failureCount: 1,
      results: [{ channel: broken, error: { code: 50300, statusCode: 503 } }],
    });
    expect((await client.channels.get(ok).history()).items).toHaveLength(1);
    expect((await client.channels.get(broken).history()).items).toHaveLength(0);
    // The fault was for one batch only.
    const again = await client.batchPublish({ channels: [broken], messages: [{ name: 'n', data: 'b' }] });
    expect(again.successCount).toBe(1);
  });

  it('refuses impermissible extras (40032) and accepts headers of flat values', async () => {
    const channel = restClient(emulator).channels.get(channelName('extras'));
    await expect(channel.publish({ name: 'n', data: 'x', extras: { custom: true } } as Ably.Message)).rejects.toMatchObject({
      code: 40032,
    });
    await expect(
      channel.publish({ name: 'n', data: 'x', extras: { headers: { nested: { a: 1 } } } } as Ably.Message),
    ).rejects.toMatchObject({
      code: 40032,
    });
    await channel.publish({ name: 'n', data: 'x', extras: { headers: { a: '1', b: 2, c: true, d: null } } } as Ably.Message);
    expect((await channel.history()).items).toHaveLength(1);
  });
});

describe('ably emulator: clock, tokens and capabilities', () => {
  it('serves GET /time on its own clock and refuses a TokenRequest more than 2 minutes off it (40104)', async () => {
    const emulator = await startAblyEmulator({ keys: [KEY], clockOffsetMs: 3 * 60_000 });
    try {
      const serverTime = await restClient(emulator).time();
      expect(serverTime - Date.now()).toBeGreaterThan(2.5 * 60_000);
      const local = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: signTokenRequest({ clientId: 'ann' }) });
      expect(local.status).toBe(401);
      expect(local.body.error.code).toBe(40104);
      const onServiceTime = signTokenRequest({ clientId: 'ann', timestamp: serverTime });
      const accepted = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: onServiceTime });
      expect(accepted.status).toBe(200);
      expect(accepted.body.issued).toBeGreaterThanOrEqual(serverTime);
    } finally {
      await emulator.close();
    }
  });

  it('accepts a TokenRequest 90 seconds off (inside the 2-minute window)', async () => {
    const emulator = await startAblyEmulator({ keys: [KEY], clockOffsetMs: -90_000 });
    try {
      const response = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: signTokenRequest({ clientId: 'ann' }) });
      expect(response.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('grants a token the intersection of its requested capability and the key’s', async () => {
    const emulator = await startAblyEmulator({
      keys: [{ key: KEY, capability: { 'feed:*': ['subscribe', 'publish'], chat: ['presence'] } }],
    });
    try {
      const wide = signTokenRequest({ clientId: 'ann', capability: { '*': ['*'] } });
      const granted = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: wide });
      expect(granted.status).toBe(200);
      expect(JSON.parse(granted.body.capability)).toEqual({ chat: ['presence'], 'feed:*': ['publish', 'subscribe'] });
      const narrowed = signTokenRequest({ clientId: 'ann', capability: { 'feed:a': ['subscribe', 'history'] } });
      const narrow = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: narrowed });
      expect(JSON.parse(narrow.body.capability)).toEqual({ 'feed:a': ['subscribe'] });
      const disjoint = signTokenRequest({ clientId: 'ann', capability: { other: ['subscribe'] } });
      const refused = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: disjoint });
      expect(refused.body.error.code).toBe(40160);
      // The key's own capability binds Basic auth too.
      const publish = await rest(emulator, 'POST', '/channels/other/messages', { auth: basic(), body: { name: 'n' } });
      expect(publish.body.error.code).toBe(40160);
    } finally {
      await emulator.close();
    }
  });

  it('limits tokens of a key with revocable tokens to 1 hour', async () => {
    const emulator = await startAblyEmulator({ keys: [{ key: KEY, revocableTokens: true }] });
    try {
      const long = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: signTokenRequest({ ttl: 2 * 3_600_000 }) });
      expect(long.status).toBe(400);
      expect(long.body.error.code).toBe(40003);
      const hour = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: signTokenRequest({ ttl: 3_600_000 }) });
      expect(hour.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});

describe('ably emulator: retention and rewind', () => {
  let emulator: AblyEmulator;
  const clients: FrameClient[] = [];
  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: [KEY], historyRetentionMs: 400, persistedChannels: ['kept:*'] });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => emulator.close());

  const publishMany = async (channel: string, count: number) => {
    const messages = Array.from({ length: count }, (_, index) => ({ name: 'n', data: String(index) }));
    for (let start = 0; start < count; start += 50) {
      await restClient(emulator)
        .channels.get(channel)
        .publish(messages.slice(start, start + 50));
    }
  };
  const rewound = async (channel: string, rewind: string) => {
    const client = await FrameClient.open(emulator, `key=${encodeURIComponent(KEY)}`);
    clients.push(client);
    await client.next((frame) => frame.action === Action.CONNECTED);
    client.send({ action: Action.ATTACH, channel, params: { rewind } });
    await client.next((frame) => (frame.action === Action.ATTACHED || frame.action === Action.ERROR) && frame.channel === channel);
    await new Promise((resolve) => setTimeout(resolve, 150));
    return client.frames;
  };
  const messageCount = (frames: Array<{ action: number; messages?: unknown[] }>) =>
    frames.filter((frame) => frame.action === Action.MESSAGE).reduce((total, frame) => total + (frame.messages?.length ?? 0), 0);

  it('keeps messages for the retention period only, unless the channel is persisted', async () => {
    const [plain, kept] = [channelName('plain'), `kept:${channelName('x')}`];
    const client = restClient(emulator);
    await client.channels.get(plain).publish('n', 'old');
    await client.channels.get(kept).publish('n', 'old');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await client.channels.get(plain).history()).items).toEqual([]);
    expect((await client.channels.get(kept).history()).items).toHaveLength(1);
  });

  it('replays at most 100 messages however many a rewind asks for', async () => {
    const channel = `kept:${channelName('many')}`;
    await publishMany(channel, 150);
    expect(messageCount(await rewound(channel, '150'))).toBe(100);
  });

  it('accepts a time rewind ("10s") and refuses a malformed one with a channel error', async () => {
    const channel = `kept:${channelName('timed')}`;
    await publishMany(channel, 3);
    expect(messageCount(await rewound(channel, '10s'))).toBe(3);
    const frames = await rewound(channel, 'soon');
    expect(frames.find((frame: { action: number }) => frame.action === Action.ERROR)?.error?.code).toBe(40003);
  });
});

describe('ably emulator: failed resumes', () => {
  it('answers a resume whose connection is gone with a new connection id and 80008, and an unparseable key with 80018', async () => {
    const emulator = await startAblyEmulator({ keys: [KEY] });
    const clients: FrameClient[] = [];
    try {
      const open = async (query: string) => {
        const client = await FrameClient.open(emulator, `key=${encodeURIComponent(KEY)}${query}`);
        clients.push(client);
        return client.next((frame) => frame.action === Action.CONNECTED);
      };
      const first = await open('');
      emulator.dropAll({ recover: false });
      const expired = await open(`&resume=${encodeURIComponent(first.connectionDetails.connectionKey)}`);
      expect(expired.connectionId).not.toBe(first.connectionId);
      expect(expired.error.code).toBe(80008);
      const garbled = await open('&resume=not-a-connection-key');
      expect(garbled.error.code).toBe(80018);
      emulator.dropAll({ recover: false, resumeFailure: 'invalid-key' });
      const declared = await open(`&resume=${encodeURIComponent(expired.connectionDetails.connectionKey)}`);
      expect(declared.connectionId).not.toBe(expired.connectionId);
      expect(declared.error.code).toBe(80018);
    } finally {
      for (const client of clients) client.close();
      await emulator.close();
    }
  });
});
