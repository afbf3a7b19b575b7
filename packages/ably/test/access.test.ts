import { createChannelChecker, RealtimeError } from '@switchboard/core';
import Ably from 'ably';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyAuthorizer, toRealtimeError } from '../src/index.js';
import { createSubscriberTransport } from '../src/subscriber/index.js';
import { type AblyTestBed, API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, inbox, lobby, unique } from './fixtures.js';

const noopSink = { message() {}, gap() {}, presence() {}, error() {} };

describe('ably: tokens carry only what the access rules allow', () => {
  let bed: AblyTestBed;
  const clients: Ably.Realtime[] = [];
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bed.emulator.close();
  });

  /** A raw Ably client (the real SDK, no adapter) using the adapter's tokens for `userId`. */
  const rawClient = (userId: string) => {
    const source = bed.tokenSource({ id: userId });
    let channels: string[] = [];
    const client = new Ably.Realtime({
      ...fastClientOptions,
      endpoint: bed.host.endpoint,
      port: bed.host.port,
      tls: false,
      useBinaryProtocol: false,
      transports: ['web_socket'],
      authCallback: (_params, callback) => {
        source(channels).then(
          (token) => callback(null, token as Ably.TokenRequest),
          (error: Error) => callback(error.message, null),
        );
      },
      autoConnect: false,
    });
    clients.push(client);
    return {
      client,
      covering(names: string[]) {
        channels = names;
        client.connect();
        return client;
      },
    };
  };

  it('issues a subscribe-only TokenRequest listing only the allowed channels, for clientId = user id', async () => {
    const user = { id: unique('ann') };
    const checker = createChannelChecker(definitions);
    const token = (await bed.authorizer.authorize({
      user,
      body: { channels: [inbox({ userId: user.id }).name, lobby({ room: 'r1' }).name, feed({ room: 'f' }).name] },
      check: (name) => checker(user, name),
    })) as Record<string, unknown>;
    expect(token.clientId).toBe(user.id);
    expect(token.ttl).toBe(3_600_000);
    expect(JSON.parse(token.capability as string)).toEqual({
      'feed:f': ['subscribe'],
      [`inbox:${user.id}`]: ['subscribe'],
      'lobby:r1': ['presence', 'subscribe'],
    });
    expect(JSON.stringify(token)).not.toContain('s3cr3t');
    expect(bed.authorizer.publicConfig()).toEqual({ endpoint: '127.0.0.1', port: bed.emulator.port, tls: false });
  });

  it('refuses the whole request with FORBIDDEN and the reason when one channel is denied', async () => {
    const user = { id: unique('ann') };
    const checker = createChannelChecker(definitions);
    const refused = await bed.authorizer
      .authorize({
        user,
        body: { channels: [feed({ room: 'ok' }).name, inbox({ userId: 'bob' }).name] },
        check: (name) => checker(user, name),
      })
      .catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect((refused as RealtimeError).message).toContain('only user bob may subscribe');
    const malformed = await bed.authorizer
      .authorize({ user, body: { channel: 'x' }, check: (name) => checker(user, name) })
      .catch((error) => error);
    expect(RealtimeError.isInstance(malformed, 'VALIDATION_FAILED')).toBe(true);
    expect(() => ablyAuthorizer({ apiKey: 'not-a-key' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('a subscribe-only token cannot enter presence on a non-presence channel: FORBIDDEN with Ably 40160 as cause', async () => {
    const userId = unique('sub');
    const transport = createSubscriberTransport({
      ...bed.host,
      authCallback: bed.tokenSource({ id: userId }),
      clientOptions: fastClientOptions,
    });
    const channel = inbox({ userId });
    transport.connect();
    await transport.attach(channel, noopSink, {});
    const refused = await transport.presence?.enter(channel, { name: 'x' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    expect(((refused as RealtimeError).cause as { code?: number }).code).toBe(40160);
    await transport.close();
  });

  it('a subscribe-only token cannot publish: the real SDK is refused with 40160, mapped to FORBIDDEN', async () => {
    const userId = unique('pub');
    const name = inbox({ userId }).name;
    const client = rawClient(userId).covering([name]);
    const channel = client.channels.get(name);
    await channel.attach();
    const error = await channel.publish('note', { n: 1 }).catch((caught: unknown) => caught);
    expect((error as Ably.ErrorInfo).code).toBe(40160);
    const mapped = toRealtimeError(error, 'publish');
    expect(mapped.code).toBe('FORBIDDEN');
    expect(mapped.cause).toBe(error);
  });

  it('a token for user A cannot attach to user B’s channel, through the adapter or the raw SDK', async () => {
    const alice = unique('alice');
    const bob = unique('bob');
    const transport = createSubscriberTransport({
      ...bed.host,
      authCallback: bed.tokenSource({ id: alice }),
      clientOptions: fastClientOptions,
    });
    transport.connect();
    const refused = await transport.attach(inbox({ userId: bob }), noopSink, {}).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'FORBIDDEN')).toBe(true);
    // The refusal left the connection usable: Alice's own channel still attaches.
    await transport.attach(inbox({ userId: alice }), noopSink, {});
    expect(transport.state()).toBe('connected');
    await transport.close();

    const client = rawClient(alice).covering([inbox({ userId: alice }).name]);
    await client.channels.get(inbox({ userId: alice }).name).attach();
    const denied = await client.channels
      .get(inbox({ userId: bob }).name)
      .attach()
      .catch((error: unknown) => error);
    expect((denied as Ably.ErrorInfo).code).toBe(40160);
    expect(toRealtimeError(denied, 'attach').code).toBe('FORBIDDEN');
  });

  it('never sends the API key secret to the browser side', () => {
    const authorizer = ablyAuthorizer({ apiKey: API_KEY, endpoint: 'example.test' });
    expect(JSON.stringify(authorizer.publicConfig())).not.toContain('s3cr3t');
  });
});
