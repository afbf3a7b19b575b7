/**
 * The auth endpoint with `jwtAuthenticator({ jwksUrl })`, on every provider: the identity provider's
 * key set is served over HTTP and tokens are ES256-signed with node:crypto, independently of the
 * verifier. A token the IdP really signed — but for another audience, by another issuer, of another
 * type, or for a hostile subject — gets no credential.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { pusherChannelName } from '@switchboard/pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, room, unique } from './support/channels.js';
import { type Backend, startAbly, startPusher, startSocketIo } from './support/providers.js';

const ISSUER = 'https://id.app.test/';
const AUDIENCE = 'realtime';

const issuerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const strangerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ES256 JWT, signed the way an identity provider signs it. */
function es256(claims: Record<string, unknown>, { key = issuerKeys.privateKey, typ = 'at+jwt' }: { key?: KeyObject; typ?: string } = {}) {
  const header = { alg: 'ES256', kid: 'idp-key-1', typ };
  const body = `${base64Url(header)}.${base64Url({ exp: Math.floor(Date.now() / 1000) + 600, ...claims })}`;
  const signature = sign('sha256', Buffer.from(body), { key, dsaEncoding: 'ieee-p1363' });
  return `${body}.${signature.toString('base64url')}`;
}

type ProviderKey = 'socket-io' | 'pusher' | 'ably';
let backends: Record<ProviderKey, Backend>;
let jwks: Server;
let jwksUrl = '';

beforeAll(async () => {
  const jwk = { ...issuerKeys.publicKey.export({ format: 'jwk' }), kid: 'idp-key-1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  const [socketIo, pusher, ably] = await Promise.all([startSocketIo(), startPusher(), startAbly()]);
  backends = { 'socket-io': socketIo, pusher, ably };
});

afterAll(async () => {
  await Promise.all(Object.values(backends ?? {}).map((backend) => backend.close()));
  jwks.closeAllConnections();
  await new Promise((resolve) => jwks.close(resolve));
});

const lobby = room({ room: unique('lobby') });

function endpoint(authorizer: ProviderAuthorizer) {
  return createAuthHandler({
    authenticate: jwtAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, typ: 'at+jwt' }),
    channels,
    authorizer,
    onError: (error) => {
      throw error;
    },
  });
}

function credentialRequest(provider: ProviderKey, token: string): Request {
  const pusher = provider === 'pusher';
  const body = pusher
    ? new URLSearchParams({ socket_id: '1234.5678', channel_name: pusherChannelName(lobby) }).toString()
    : JSON.stringify(provider === 'ably' ? { channels: [lobby.name] } : {});
  return new Request('http://app.test/api/realtime', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': pusher ? 'application/x-www-form-urlencoded' : 'application/json' },
    body,
  });
}

const honest = () => ({ sub: unique('ada'), iss: ISSUER, aud: AUDIENCE });

describe.each(['socket-io', 'pusher', 'ably'] as const)('JWKS-verified endpoint on %s', (provider) => {
  it('an access token the IdP signed for this application gets its credential (control)', async () => {
    const claims = honest();
    const response = await endpoint(backends[provider].authorizer)(credentialRequest(provider, es256(claims)));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { clientId?: string; channel_data?: string; token?: string };
    if (provider === 'ably') expect(body.clientId).toBe(claims.sub);
    if (provider === 'pusher') expect(JSON.parse(String(body.channel_data)).user_id).toBe(claims.sub);
    if (provider === 'socket-io') expect(typeof body.token).toBe('string');
  });

  it.each([
    ['issued for another API (aud)', () => es256({ ...honest(), aud: 'billing-api' })],
    ['issued for several other APIs (aud list)', () => es256({ ...honest(), aud: ['billing-api', 'reports'] })],
    ['without an audience', () => es256({ ...honest(), aud: undefined })],
    ['from a foreign issuer', () => es256({ ...honest(), iss: 'https://evil.test/' })],
    ['without an issuer', () => es256({ ...honest(), iss: undefined })],
    ['an ID token (typ JWT)', () => es256(honest(), { typ: 'JWT' })],
    ['of another type (typ dpop+jwt)', () => es256(honest(), { typ: 'dpop+jwt' })],
    ['signed by a key outside the key set', () => es256(honest(), { key: strangerKeys.privateKey })],
    ['whose subject is the wildcard *', () => es256({ ...honest(), sub: '*' })],
    ['whose subject is the Pusher watcher id', () => es256({ ...honest(), sub: 'switchboard:watcher' })],
  ])('a token %s is refused with 401', async (_name, make) => {
    const response = await endpoint(backends[provider].authorizer)(credentialRequest(provider, make()));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });
});

it('an endpoint on a key set without issuer or audience cannot be built (CONFIG)', () => {
  for (const options of [{ jwksUrl }, { jwksUrl, issuer: ISSUER }, { jwksUrl, audience: AUDIENCE }]) {
    let thrown: unknown;
    try {
      jwtAuthenticator(options);
    } catch (error) {
      thrown = error;
    }
    expect(RealtimeError.isInstance(thrown, 'CONFIG')).toBe(true);
  }
});
