import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AblyEmulator, startAblyEmulator } from '../src/ably-emulator/index.js';
import { basic, bearer, issueToken, KEY_NAME, rest, signTokenRequest } from './ably-emulator-helpers.js';

describe('ably emulator: REST', () => {
  let emulator: AblyEmulator;
  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: ['app1.key1:sekrit'] });
  });
  afterAll(() => emulator.close());

  const expectAblyError = (response: Awaited<ReturnType<typeof rest>>, status: number, code: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-ably-errorcode')).toBe(String(code));
    expect(response.body.error).toMatchObject({ code, statusCode: status });
    expect(typeof response.body.error.message).toBe('string');
  };

  it('answers /time with the server clock', async () => {
    const before = Date.now();
    const { status, body } = await rest(emulator, 'GET', '/time');
    expect(status).toBe(200);
    expect(body[0]).toBeGreaterThanOrEqual(before);
  });

  it('issues a token for a correctly signed TokenRequest, with canonical capability', async () => {
    const request = signTokenRequest({ clientId: 'ann', ttl: 60_000, capability: { 'b:1': ['subscribe'], a: ['subscribe', 'presence'] } });
    const { status, body } = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: request });
    expect(status).toBe(200);
    expect(body).toMatchObject({ keyName: KEY_NAME, clientId: 'ann', capability: '{"a":["presence","subscribe"],"b:1":["subscribe"]}' });
    expect(body.expires - body.issued).toBe(60_000);
  });

  it('refuses a TokenRequest with a bad MAC (40101)', async () => {
    const request = signTokenRequest({ clientId: 'ann' }, 'wrong-secret');
    expectAblyError(await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: request }), 401, 40101);
  });

  it('refuses a tampered TokenRequest: the MAC covers the clientId (40101)', async () => {
    const request = { ...signTokenRequest({ clientId: 'ann' }), clientId: 'mallory' };
    expectAblyError(await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: request }), 401, 40101);
  });

  it('refuses a replayed nonce (40105) and a stale timestamp (40104)', async () => {
    const request = signTokenRequest({ clientId: 'ann' });
    expect((await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: request })).status).toBe(200);
    expectAblyError(await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: request }), 401, 40105);
    const stale = signTokenRequest({ clientId: 'ann', timestamp: Date.now() - 60 * 60 * 1000 });
    expectAblyError(await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: stale }), 401, 40104);
  });

  it('refuses an unknown key, by Basic auth and by TokenRequest (40101)', async () => {
    expectAblyError(await rest(emulator, 'GET', '/channels/x/messages', { auth: basic('app1.nokey:sekrit') }), 401, 40101);
    const request = signTokenRequest({}, 'sekrit', 'app1.nokey');
    expectAblyError(await rest(emulator, 'POST', '/keys/app1.nokey/requestToken', { body: request }), 401, 40101);
  });

  it('refuses an expired token (40142) and an unknown one (40140)', async () => {
    const token = await issueToken(emulator, { clientId: 'exp', ttl: 60_000 });
    expect((await rest(emulator, 'GET', '/channels/x/messages', { auth: bearer(token) })).status).toBe(200);
    emulator.expireToken('exp');
    expectAblyError(await rest(emulator, 'GET', '/channels/x/messages', { auth: bearer(token) }), 401, 40142);
    expectAblyError(await rest(emulator, 'GET', '/channels/x/messages', { auth: bearer('app1.nope') }), 401, 40140);
  });

  it('refuses malformed JSON (40001)', async () => {
    expectAblyError(await rest(emulator, 'POST', '/channels/x/messages', { auth: basic(), rawBody: '{"name":' }), 400, 40001);
  });

  it('refuses a message over 64 KiB (40009, 413)', async () => {
    const body = { name: 'big', data: 'x'.repeat(65_537) };
    expectAblyError(await rest(emulator, 'POST', '/channels/x/messages', { auth: basic(), body }), 413, 40009);
  });

  it('publishes, de-duplicates on message id, and reads history newest first', async () => {
    const auth = basic();
    expect((await rest(emulator, 'POST', '/channels/h%3A1/messages', { auth, body: [{ id: 'm1', name: 'a', data: '1' }] })).status).toBe(
      201,
    );
    expect((await rest(emulator, 'POST', '/channels/h%3A1/messages', { auth, body: { id: 'm1', name: 'a', data: '1' } })).status).toBe(201);
    await rest(emulator, 'POST', '/channels/h%3A1/messages', { auth, body: [{ id: 'm2', name: 'b', data: { n: 2 } }] });
    const { body } = await rest(emulator, 'GET', '/channels/h%3A1/messages?limit=10', { auth });
    expect(body.map((message: { id: string }) => message.id)).toEqual(['m2', 'm1']);
    expect(body[0]).toMatchObject({ name: 'b', data: { n: 2 } });
    expect(typeof body[0].timestamp).toBe('number');
  });

  it('stamps messages with its clock shifted by clockOffsetMs', async () => {
    const skewed = await startAblyEmulator({ keys: ['app1.key1:sekrit'], clockOffsetMs: -3_600_000 });
    try {
      const before = Date.now();
      await rest(skewed, 'POST', '/channels/skew/messages', { auth: basic(), body: { id: 's1', name: 'a' } });
      const [message] = (await rest(skewed, 'GET', '/channels/skew/messages', { auth: basic() })).body;
      expect(message.timestamp).toBeGreaterThanOrEqual(before - 3_600_000);
      expect(message.timestamp).toBeLessThanOrEqual(Date.now() - 3_600_000);
    } finally {
      await skewed.close();
    }
  });

  it('requires client-supplied ids of a multi-message publish to share a base (40031)', async () => {
    const body = [
      { id: 'one', name: 'a' },
      { id: 'two', name: 'b' },
    ];
    expectAblyError(await rest(emulator, 'POST', '/channels/ids/messages', { auth: basic(), body }), 400, 40031);
    const ok = [
      { id: 'base:0', name: 'a' },
      { id: 'base:1', name: 'b' },
    ];
    expect((await rest(emulator, 'POST', '/channels/ids/messages', { auth: basic(), body: ok })).status).toBe(201);
  });

  it('batch-publishes independently idempotent messages and reports per-channel results', async () => {
    const token = await issueToken(emulator, { clientId: 'b', capability: { 'batch:ok': ['publish'] } });
    const specs = [
      { channels: ['batch:ok'], messages: [{ id: 'x1', name: 'a' }] },
      { channels: ['batch:ok', 'batch:denied'], messages: [{ id: 'x2', name: 'b' }] },
    ];
    const { status, body } = await rest(emulator, 'POST', '/messages', { auth: bearer(token), body: specs });
    expect(status).toBe(201);
    expect(body[0]).toMatchObject({ successCount: 1, failureCount: 0 });
    expect(body[1]).toMatchObject({ successCount: 1, failureCount: 1 });
    expect(body[1].results[1].error.code).toBe(40160);
  });

  it('enforces capability per channel and operation (40160)', async () => {
    const token = await issueToken(emulator, { clientId: 'c', capability: { 'cap:*': ['subscribe'] } });
    expectAblyError(await rest(emulator, 'POST', '/channels/cap%3A1/messages', { auth: bearer(token), body: { name: 'a' } }), 401, 40160);
    expect((await rest(emulator, 'GET', '/channels/cap%3A1/presence', { auth: bearer(token) })).status).toBe(200);
    expectAblyError(await rest(emulator, 'GET', '/channels/other/presence', { auth: bearer(token) }), 401, 40160);
  });

  it('delays responses by the latency set, and stops when it is reset', async () => {
    emulator.setLatency(200);
    const started = Date.now();
    expect((await rest(emulator, 'GET', '/time')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    emulator.setLatency(0);
    expect((await rest(emulator, 'GET', '/time')).status).toBe(200);
  });

  it('fails the next N REST calls on request, then recovers', async () => {
    emulator.failNextRest(2, 500);
    const body = { name: 'a', data: 'x' };
    expectAblyError(await rest(emulator, 'POST', '/channels/f/messages', { auth: basic(), body }), 500, 50000);
    expectAblyError(await rest(emulator, 'POST', '/channels/f/messages', { auth: basic(), body }), 500, 50000);
    expect((await rest(emulator, 'POST', '/channels/f/messages', { auth: basic(), body })).status).toBe(201);
  });
});
