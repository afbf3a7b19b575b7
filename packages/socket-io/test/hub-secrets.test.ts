/**
 * The hub secret and what is derived from it: separate HKDF keys for handshake tokens and request
 * signatures, tokens as standard JWS with `aud`/`nbf`/`exp`, request signatures bound to method,
 * host and path and checked before any body is read, a body cap the hub stops reading at, and
 * clock skew named as such.
 */
import { hkdfSync } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { createMessageId, RealtimeError } from '@switchboard/core';
import { Collector, quietPeriod } from '@switchboard/testing';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HKDF_SALT, hubKey, KEY_PURPOSES } from '../src/auth/hub-keys.js';
import { createHub, type Hub, signHubToken, signRequest, socketIoAuthorizer, socketIoPublisher, verifyHubToken } from '../src/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

const user = { id: 'ada', info: { name: 'Ada' } };
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: RealtimeError) => error,
  );

describe('hub secret', () => {
  it('refuses a secret under 32 bytes with a CONFIG error naming the option and SOCKET_IO_SECRET', async () => {
    const short = 'sixteen-chars-ok-but-not-32'; // 27 bytes: accepted before
    const attempts: Array<() => unknown> = [
      () => createHub({ channels: testChannels, secret: short }),
      () => socketIoAuthorizer({ secret: short, url: 'https://rt.example' }),
      () => socketIoPublisher({ url: 'https://rt.example', secret: short }),
    ];
    for (const attempt of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(RealtimeError.isInstance(thrown, 'CONFIG')).toBe(true);
      expect((thrown as Error).message).toMatch(/secret \(SOCKET_IO_SECRET\).*at least 32/);
    }
    expect(await refusal(signHubToken({ user, secret: short }))).toMatchObject({ code: 'CONFIG' });
  });

  it('derives separate keys for tokens and request signatures with HKDF-SHA256, as node:crypto does', async () => {
    const tokenKey = await hubKey(SECRET, 'token');
    const requestKey = await hubKey(SECRET, 'request');
    expect(Buffer.from(tokenKey).equals(Buffer.from(requestKey))).toBe(false);
    for (const purpose of ['token', 'request'] as const) {
      const expected = Buffer.from(hkdfSync('sha256', SECRET, HKDF_SALT, KEY_PURPOSES[purpose], 32));
      expect(Buffer.from(await hubKey(SECRET, purpose)).equals(expected)).toBe(true);
    }
  });
});

describe('hub tokens as JWS', () => {
  it('are standard HS256 JWTs with sub, aud, iat, nbf and exp, signed with the derived token key', async () => {
    const token = await signHubToken({ user, secret: SECRET, ttlSeconds: 60 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, await hubKey(SECRET, 'token'), { audience: 'switchboard:socket-io-hub' });
    expect(payload).toMatchObject({ sub: 'ada', info: { name: 'Ada' }, aud: 'switchboard:socket-io-hub' });
    expect(payload.nbf).toBe(payload.iat);
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
  });

  it('refuses a JWT signed with the raw secret, one for another audience, one without nbf, and alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory' };
    const rawSecretToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('switchboard:socket-io-hub')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifyHubToken(rawSecretToken, SECRET))).toMatchObject({ details: { reason: 'bad signature' } });
    const otherAudience = await signHubToken({ user, secret: SECRET, audience: 'another-service' });
    expect(await refusal(verifyHubToken(otherAudience, SECRET))).toMatchObject({ details: { reason: 'wrong audience' } });
    const withoutNbf = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('switchboard:socket-io-hub')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(await hubKey(SECRET, 'token'));
    expect(RealtimeError.isInstance(await refusal(verifyHubToken(withoutNbf, SECRET)), 'UNAUTHORIZED')).toBe(true);
    const [, payload] = otherAudience.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect(RealtimeError.isInstance(await refusal(verifyHubToken(unsigned, SECRET)), 'UNAUTHORIZED')).toBe(true);
  });
});

describe('clock skew', () => {
  it('refuses a token issued in the future beyond the tolerance, saying "clock skew"', async () => {
    const fastClock = await signHubToken({ user, secret: SECRET, now: Date.now() + 10 * 60_000 });
    const refused = await refusal(verifyHubToken(fastClock, SECRET));
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', details: { clockSkew: true, expired: false } });
    expect(refused?.message).toContain('clock skew');
    // Within the 30 s tolerance, a slightly fast clock is fine.
    const slightlyFast = await signHubToken({ user, secret: SECRET, now: Date.now() + 20_000 });
    expect(await verifyHubToken(slightlyFast, SECRET)).toEqual(user);
  });

  it('names clock skew when a token from a slow clock arrives expired', async () => {
    const slowClock = await signHubToken({ user, secret: SECRET, ttlSeconds: 300, now: Date.now() - 20 * 60_000 });
    const refused = await refusal(verifyHubToken(slowClock, SECRET));
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', details: { expired: true } });
    expect(refused?.message).toContain('clock skew');
  });
});

describe('signed requests to the hub', () => {
  let hub: Hub;
  let base: string;
  beforeAll(async () => {
    hub = await startHub(testChannels, { maxRequestBytes: 64 * 1024 });
    base = `${hub.url}/switchboard`;
  });
  afterAll(() => hub.close());

  const publishBody = (channel: string) =>
    JSON.stringify({ messages: [{ channel, envelope: { id: createMessageId(), event: 'tick', data: { n: 1 }, ts: Date.now() } }] });
  const post = async (url: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as { error?: { message?: string } } };
  };

  it('binds the signature to the path and host: one signed for another endpoint or hub is refused', async () => {
    const channel = room({ roomId: uniqueId('bound') });
    const subscriber = subscriberFor(hub.url, undefined);
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(channel, 'tick', received.push).ready;
    const body = publishBody(channel.name);
    const forPresence = await signRequest(SECRET, { method: 'POST', url: `${base}/presence`, body });
    expect((await post(`${base}/publish`, body, forPresence)).status).toBe(401);
    const forOtherHub = await signRequest(SECRET, { method: 'POST', url: 'http://other-hub.example:4000/switchboard/publish', body });
    expect((await post(`${base}/publish`, body, forOtherHub)).status).toBe(401);
    const forPut = await signRequest(SECRET, { method: 'PUT', url: `${base}/publish`, body });
    expect((await post(`${base}/publish`, body, forPut)).status).toBe(401);
    await quietPeriod(200);
    expect(received.items).toEqual([]);
    // Control: the same body signed for this request is delivered.
    expect((await post(`${base}/publish`, body, await signRequest(SECRET, { method: 'POST', url: `${base}/publish`, body }))).status).toBe(
      200,
    );
    await received.toHave(1);
    await subscriber.close();
  });

  it('names clock skew for a request timestamped ahead of the hub, and for one far behind', async () => {
    const body = JSON.stringify({});
    const ahead = await post(
      `${base}/health`,
      body,
      await signRequest(SECRET, { method: 'POST', url: `${base}/health`, body }, Date.now() + 600_000),
    );
    expect(ahead.status).toBe(401);
    expect(ahead.body.error?.message).toContain('clock skew');
    const behind = await post(
      `${base}/health`,
      body,
      await signRequest(SECRET, { method: 'POST', url: `${base}/health`, body }, Date.now() - 600_000),
    );
    expect(behind.status).toBe(401);
    expect(behind.body.error?.message).toContain('clock skew');
  });

  it('refuses a badly signed request before reading its body: the answer comes while the body never arrives', async () => {
    const url = new URL(`${base}/publish`);
    const answer = await new Promise<number>((resolve, reject) => {
      const pending = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': '100000',
            'x-switchboard-timestamp': String(Date.now()),
            'x-switchboard-nonce': 'forged-nonce-0001',
            'x-switchboard-content-sha256': '0'.repeat(64),
            'x-switchboard-signature': `v2=${'ab'.repeat(32)}`,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          pending.destroy();
        },
      );
      pending.on('error', () => {});
      pending.flushHeaders();
      setTimeout(() => reject(new Error('no answer: the hub waited for the body')), 3000);
    });
    expect(answer).toBe(401);
  });
});

describe('the request size cap', () => {
  const cap = 256 * 1024;
  let hub: Hub;
  let server: ReturnType<typeof createServer>;
  const sockets: NetSocket[] = [];
  beforeAll(async () => {
    server = createServer();
    server.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hub = createHub({ channels: testChannels, secret: SECRET, server, maxRequestBytes: cap });
    await hub.listen();
  });
  afterAll(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Streams up to 20 MB (chunked) and says how much the hub read before it closed the connection. */
  async function streamTooMuch(headers: Record<string, string>): Promise<{ status: number | undefined; serverRead: number }> {
    const { port } = server.address() as { port: number };
    const before = sockets.length;
    const status = await new Promise<number | undefined>((resolve) => {
      const pending = httpRequest({ host: '127.0.0.1', port, path: '/switchboard/publish', method: 'POST', headers }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      pending.on('error', () => resolve(undefined));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!pending.write(chunk)) return void pending.once('drain', pump);
        }
        pending.end();
      };
      pump();
      setTimeout(() => resolve(undefined), 5000);
    });
    await quietPeriod(300);
    const socket = sockets[before] as NetSocket;
    return { status, serverRead: socket.bytesRead };
  }

  it('stops reading a signed body past the cap and closes the connection', async () => {
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/switchboard/publish`;
    // Signed for a body that is never sent: the hub must stop at the cap, not at the end.
    const headers = await signRequest(SECRET, { method: 'POST', url, body: 'never sent' });
    const { status, serverRead } = await streamTooMuch({ 'content-type': 'application/json', ...headers });
    expect([413, undefined]).toContain(status);
    expect(serverRead).toBeLessThan(cap + 2 * 1024 * 1024);
  });

  it('does not read an unauthenticated body past the cap either', async () => {
    const { serverRead } = await streamTooMuch({ 'content-type': 'application/json' });
    expect(serverRead).toBeLessThan(cap + 2 * 1024 * 1024);
  });
});
