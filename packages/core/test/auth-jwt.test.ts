import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, recordingAuthorizer, rules } from './support/auth-fixtures.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const otherSecret = 'another-secret-that-is-also-32-bytes-or-more';
const encode = (text: string) => new TextEncoder().encode(text);
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: Record<string, unknown>, key: string = secret, options: { expiresIn?: number | null } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(now() + (options.expiresIn ?? 300));
  return jwt.sign(encode(key));
}

const bearer = (token: string) => new Request('http://app.test/api/realtime', { headers: { authorization: `Bearer ${token}` } });

describe('jwtAuthenticator with a shared secret', () => {
  const authenticate = jwtAuthenticator({ secret, issuer: 'https://auth.app.test', audience: 'realtime' });
  const valid = { sub: '42', name: 'Ada', iss: 'https://auth.app.test', aud: 'realtime' };

  it('turns a valid token into the user (id from sub, name into info)', async () => {
    expect(await authenticate(bearer(await sign(valid)))).toEqual({ id: '42', info: { name: 'Ada' } });
  });

  it('accepts the scheme in any case', async () => {
    const token = await sign(valid);
    const request = new Request('http://app.test', { headers: { authorization: `bearer ${token}` } });
    expect(await authenticate(request)).toEqual({ id: '42', info: { name: 'Ada' } });
  });

  it('refuses an expired token', async () => {
    expect(await authenticate(bearer(await sign(valid, secret, { expiresIn: -60 })))).toBeNull();
  });

  it('refuses a token signed with another key', async () => {
    expect(await authenticate(bearer(await sign(valid, otherSecret)))).toBeNull();
  });

  it('refuses a tampered token (payload changed, signature kept)', async () => {
    const [header, , signature] = (await sign(valid)).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...valid, sub: '7', exp: now() + 300 })).toString('base64url');
    expect(await authenticate(bearer(`${header}.${forgedPayload}.${signature}`))).toBeNull();
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...valid, exp: now() + 300 })).toString('base64url');
    expect(await authenticate(bearer(`${header}.${payload}.`))).toBeNull();
  });

  it('refuses a wrong issuer or audience, a token without exp, and garbage', async () => {
    expect(await authenticate(bearer(await sign({ ...valid, iss: 'https://evil.test' })))).toBeNull();
    expect(await authenticate(bearer(await sign({ ...valid, aud: 'billing' })))).toBeNull();
    expect(await authenticate(bearer(await sign(valid, secret, { expiresIn: null })))).toBeNull();
    expect(await authenticate(bearer('not.a.jwt'))).toBeNull();
    expect(await authenticate(bearer('x'.repeat(10_000)))).toBeNull();
    expect(await authenticate(new Request('http://app.test'))).toBeNull();
    expect(await authenticate(new Request('http://app.test', { headers: { authorization: `Basic ${btoa('a:b')}` } }))).toBeNull();
  });

  it('refuses a token without sub unless userFromClaims says otherwise', async () => {
    const claims = { email: 'ada@example.test', iss: valid.iss, aud: valid.aud };
    expect(await authenticate(bearer(await sign(claims)))).toBeNull();
    const byEmail = jwtAuthenticator({ secret, userFromClaims: (verified) => ({ id: String(verified.email) }) });
    expect(await byEmail(bearer(await sign(claims)))).toEqual({ id: 'ada@example.test' });
  });

  it('refuses weak or missing key configuration', () => {
    expect(() => jwtAuthenticator({ secret: 'short' })).toThrow(/32 bytes/);
    expect(() => jwtAuthenticator({})).toThrow(/exactly one/);
    expect(() => jwtAuthenticator({ secret, jwksUrl: 'https://auth.app.test/jwks' })).toThrow(/exactly one/);
  });

  it('drives the auth handler: valid → 200, expired or forged → 401', async () => {
    const { authorizer, issued } = recordingAuthorizer();
    const handler = createAuthHandler({ authenticate, channels, rules, authorizer });
    const post = (token: string) =>
      handler(
        new Request('http://app.test/api/realtime', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ channel_name: 'progress:user:42' }),
        }),
      );
    expect((await post(await sign(valid))).status).toBe(200);
    expect((await post(await sign(valid, secret, { expiresIn: -60 }))).status).toBe(401);
    expect((await post(await sign(valid, otherSecret))).status).toBe(401);
    expect(issued).toHaveLength(1);
  });
});

describe('jwtAuthenticator with a JWKS', () => {
  const issuer = 'https://auth.app.test/';
  const audience = 'realtime';
  const servers: Server[] = [];
  let jwksUrl = '';
  let issuerKeys: CryptoKeyPair;
  let strangerKeys: CryptoKeyPair;

  beforeAll(async () => {
    issuerKeys = await generateKeyPair('ES256');
    strangerKeys = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(issuerKeys.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const signWith = (claims: Record<string, unknown> = {}, { key = issuerKeys.privateKey, typ }: { key?: CryptoKey; typ?: string } = {}) =>
    new SignJWT({ sub: '42', iss: issuer, aud: audience, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1', ...(typ ? { typ } : {}) })
      .setExpirationTime(now() + 300)
      .sign(key);

  it('verifies tokens against the identity provider’s published keys', async () => {
    const authenticate = jwtAuthenticator({ jwksUrl, issuer, audience });
    expect(await authenticate(bearer(await signWith()))).toEqual({ id: '42' });
    expect(await authenticate(bearer(await signWith({}, { key: strangerKeys.privateKey })))).toBeNull();
    // A shared-secret token must not pass a public-key verifier (algorithm confusion).
    expect(await authenticate(bearer(await sign({ sub: '42', iss: issuer, aud: audience })))).toBeNull();
  });

  it('refuses a token the same identity provider signed for another application or issuer', async () => {
    const authenticate = jwtAuthenticator({ jwksUrl, issuer, audience });
    expect(await authenticate(bearer(await signWith({ aud: 'billing-api' })))).toBeNull();
    expect(await authenticate(bearer(await signWith({ aud: ['billing-api', 'reports'] })))).toBeNull();
    expect(await authenticate(bearer(await signWith({ aud: undefined })))).toBeNull();
    expect(await authenticate(bearer(await signWith({ iss: 'https://evil.test/' })))).toBeNull();
    expect(await authenticate(bearer(await signWith({ iss: undefined })))).toBeNull();
  });

  it('with typ, refuses other kinds of token (an ID token, an untyped JWT)', async () => {
    const authenticate = jwtAuthenticator({ jwksUrl, issuer, audience, typ: 'at+jwt' });
    expect(await authenticate(bearer(await signWith({}, { typ: 'at+jwt' })))).toEqual({ id: '42' });
    expect(await authenticate(bearer(await signWith({}, { typ: 'JWT' })))).toBeNull();
    expect(await authenticate(bearer(await signWith()))).toBeNull();
  });

  it('requires issuer and audience with a jwksUrl (CONFIG at construction)', () => {
    const codeOf = (action: () => unknown) => {
      try {
        action();
        return undefined;
      } catch (error) {
        return [(error as { code?: string }).code, (error as Error).message];
      }
    };
    expect(codeOf(() => jwtAuthenticator({ jwksUrl }))).toEqual(['CONFIG', expect.stringMatching(/`issuer` and `audience`/)]);
    expect(codeOf(() => jwtAuthenticator({ jwksUrl, audience }))).toEqual(['CONFIG', expect.stringMatching(/needs `issuer`/)]);
    expect(codeOf(() => jwtAuthenticator({ jwksUrl, issuer }))).toEqual(['CONFIG', expect.stringMatching(/needs `audience`/)]);
    expect(codeOf(() => jwtAuthenticator({ jwksUrl, issuer: '', audience: [] }))).toEqual(['CONFIG', expect.any(String)]);
    expect(codeOf(() => jwtAuthenticator({ jwksUrl, issuer, audience, typ: '' }))).toEqual(['CONFIG', expect.any(String)]);
    expect(codeOf(() => jwtAuthenticator({ jwksUrl, issuer, audience }))).toBeUndefined();
  });
});

describe('jwtAuthenticator refuses subjects that cannot be user ids', () => {
  const authenticate = jwtAuthenticator({ secret });
  it.each([
    ['a wildcard', '*'],
    ['a wildcard inside', 'ada*'],
    ['empty', ''],
    ['too long', 'u'.repeat(129)],
    ['a control character', 'ada\nINFO forged log line'],
    ['the Pusher watcher id', 'switchboard:watcher'],
    ['a reserved id', 'switchboard:hub'],
  ])('%s', async (_name, sub) => {
    expect(await authenticate(bearer(await sign({ sub })))).toBeNull();
  });

  it('accepts the longest allowed id, and checks ids from userFromClaims too', async () => {
    expect(await authenticate(bearer(await sign({ sub: 'u'.repeat(128) })))).toEqual({ id: 'u'.repeat(128) });
    const byEmail = jwtAuthenticator({ secret, userFromClaims: (claims) => ({ id: String(claims.email) }) });
    expect(await byEmail(bearer(await sign({ email: '*' })))).toBeNull();
  });
});
