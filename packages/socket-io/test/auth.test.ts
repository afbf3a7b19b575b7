import { createServer, type Server } from 'node:http';
import { RealtimeError, type StateChange } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, signHubToken, socketIoAuthorizer, verifyHubToken } from '../src/index.js';
import { socketIoSubscriber } from '../src/subscriber/index.js';
import { inbox, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

describe('hub tokens', () => {
  const user = { id: 'ada', info: { name: 'Ada' } };

  it('round-trips the user through a signed token', async () => {
    const token = await signHubToken({ user, secret: SECRET });
    expect(token.split('.')).toHaveLength(3);
    expect(await verifyHubToken(token, SECRET)).toEqual(user);
  });

  it('refuses a token signed with another secret, tampered, expired or malformed', async () => {
    const token = await signHubToken({ user, secret: SECRET });
    const refusal = (value: unknown, options?: { now?: number }) =>
      verifyHubToken(value, SECRET, options).then(
        () => undefined,
        (error: RealtimeError) => error,
      );
    const foreign = await refusal(await signHubToken({ user, secret: 'another-secret-0123456789abcdef-0123456789' }));
    expect(foreign).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'bad signature', expired: false } });
    const [version, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'root', exp: 9e9 })).toString('base64url');
    expect(await refusal(`${version}.${forgedPayload}.${signature}`)).toMatchObject({ details: { reason: 'bad signature' } });
    const expired = await refusal(token, { now: Date.now() + 400_000 });
    expect(expired).toMatchObject({ code: 'UNAUTHORIZED', details: { expired: true } });
    for (const malformed of ['', 'abc', 'sb1..', 42, null, `${token}.extra`]) {
      expect(RealtimeError.isInstance(await refusal(malformed), 'UNAUTHORIZED')).toBe(true);
    }
  });

  it('refuses a short secret as a CONFIG error', async () => {
    await expect(signHubToken({ user, secret: 'short' })).rejects.toMatchObject({ code: 'CONFIG' });
    expect(() => socketIoAuthorizer({ secret: 'short', url: 'http://localhost' })).toThrowError(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });

  it('implements ProviderAuthorizer: public url and a token for the user', async () => {
    const authorizer = socketIoAuthorizer({ secret: SECRET, url: 'https://realtime.example.com', ttlSeconds: 60 });
    expect(authorizer.provider).toBe('socket-io');
    expect(authorizer.publicConfig()).toEqual({ url: 'https://realtime.example.com' });
    const answer = (await authorizer.authorize({ user, body: {}, check: async () => ({ allowed: true }) })) as { token: string };
    expect(await verifyHubToken(answer.token, SECRET)).toEqual(user);
  });
});

describe('hub handshake', () => {
  let hub: Hub;
  let authServer: Server;
  let authUrl: string;
  const authorizer = socketIoAuthorizer({ secret: SECRET, url: 'http://unused.example' });

  beforeAll(async () => {
    hub = await startHub(testChannels);
    // A stand-in for the app's auth endpoint: the user comes from a header the "session" set.
    authServer = createServer(async (request, response) => {
      const userId = request.headers['x-user'];
      if (request.method !== 'POST' || typeof userId !== 'string') return void response.writeHead(401).end('{}');
      const body = await authorizer.authorize({ user: { id: userId }, body: {}, check: async () => ({ allowed: true }) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => authServer.listen(0, '127.0.0.1', resolve));
    const address = authServer.address() as { port: number };
    authUrl = `http://127.0.0.1:${address.port}/api/realtime/auth`;
  });
  afterAll(async () => {
    await hub.close();
    await new Promise((resolve) => authServer.close(resolve));
  });

  it('fails the connection with UNAUTHORIZED for a forged token, and rejects subscriptions', async () => {
    const forged = await signHubToken({ user: { id: 'mallory' }, secret: 'another-secret-0123456789abcdef-0123456789' });
    const subscriber = socketIoSubscriber({ url: hub.url, token: forged });
    const changes = new Collector<StateChange>();
    subscriber.onStateChange(changes.push);
    const refused = await subscriber.subscribe(inbox({ userId: 'mallory' }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED' });
    const failed = await waitFor(() => changes.items.find((change) => change.current === 'failed'));
    expect(failed.reason?.message).toContain('bad signature');
    await subscriber.close();
  });

  it('signs in through the auth endpoint and gets the user’s private channel', async () => {
    const userId = uniqueId('grace');
    const subscriber = socketIoSubscriber({ url: hub.url, authEndpoint: authUrl, authHeaders: () => ({ 'x-user': userId }) });
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(inbox({ userId }), 'tick', received.push).ready;
    const other = await subscriber.subscribe(inbox({ userId: 'someone-else' }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(other).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'access to "tests:inbox:someone-else" denied' } });
    await hub.publish([
      { channel: inbox({ userId }).name, envelope: { id: uniqueId('m'), event: 'tick', data: { n: 1 }, ts: Date.now() } },
    ]);
    expect(await received.toHave(1)).toEqual([{ n: 1 }]);
    await subscriber.close();
  });

  it('fails with the endpoint’s status when the auth endpoint refuses', async () => {
    const subscriber = socketIoSubscriber({ url: hub.url, authEndpoint: authUrl });
    const refused = await subscriber.subscribe(inbox({ userId: 'x' }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('401') });
    expect(subscriber.state).toBe('failed');
    await subscriber.close();
  });

  it('refuses an anonymous private subscription with UNAUTHORIZED and a reason', async () => {
    const subscriber = subscriberFor(hub.url, undefined);
    const refused = await subscriber.subscribe(inbox({ userId: 'x' }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'not signed in' } });
    const unknown = await subscriber
      .subscribe({ ...inbox({ userId: 'x' }), name: 'elsewhere:x' }, 'tick', () => {})
      .ready.catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: 'INVALID_CHANNEL' });
    await subscriber.close();
  });

  it('fetches a fresh token for every new session, and retries once an expired token was refused', async () => {
    const user = { id: uniqueId('ken') };
    const issued: number[] = [];
    const token = async () => {
      issued.push(Date.now());
      // The first token is already expired (beyond the hub's 30 s leeway).
      return signHubToken({ user, secret: SECRET, ttlSeconds: issued.length === 1 ? -120 : 300 });
    };
    const subscriber = socketIoSubscriber({ url: hub.url, token, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 200 });
    await subscriber.subscribe(inbox({ userId: user.id }), 'tick', () => {}).ready;
    expect(issued).toHaveLength(2);
    await hub.dropConnections({ recover: false });
    await waitFor(() => issued.length === 3 && subscriber.state === 'connected', 10_000, 'a reconnection with a new token');
    await subscriber.close();
  });

  it('refuses tokenless connections when anonymous access is off', async () => {
    const closedHub = await startHub(testChannels, { allowAnonymous: false });
    const subscriber = subscriberFor(closedHub.url, undefined);
    const refused = await subscriber.subscribe(inbox({ userId: 'x' }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('a token is required') });
    await subscriber.close();
    await closedHub.close();
  });
});
