import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { md5Hex, type PusherEmulator, signRequest, startPusherEmulator } from '../src/pusher-emulator/index.js';
import { quietPeriod } from '../src/wait.js';
import { APP, RawSocket, signedCall } from './pusher-emulator-helpers.js';

describe('Pusher emulator: the worked example of the REST API documentation', () => {
  const key = '278d425bdf160c739803';
  const secret = '7ad3773142a6692b25b8';
  const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
  const query = 'auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f';

  it('computes the documented body_md5 and auth_signature', () => {
    expect(md5Hex(body)).toBe('ec365a775a4cd0599faeb73354201b6f');
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(signRequest(secret, 'POST', '/apps/3/events', params)).toBe('da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c');
  });

  it('accepts the documented request byte for byte when its clock reads the documented time', async () => {
    const emulator = await startPusherEmulator({ appId: '3', key, secret, clock: () => 1353088179 * 1000 });
    try {
      const listener = await RawSocket.open(emulator);
      await listener.subscribe('project-3');
      const signature = 'da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c';
      const response = await fetch(`http://${emulator.host}:${emulator.port}/apps/3/events?${query}&auth_signature=${signature}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
      const event = await listener.next('foo', 'project-3');
      expect(event.data).toEqual({ some: 'data' });
      listener.close();
    } finally {
      await emulator.close();
    }
  });
});

describe('Pusher emulator: HTTP API', () => {
  let emulator: PusherEmulator;
  let listener: RawSocket;
  beforeAll(async () => {
    emulator = await startPusherEmulator(APP);
  });
  afterEach(() => listener?.close());
  afterAll(() => emulator.close());

  const event = (channel: string, data = '{}', extra: Record<string, unknown> = {}) => ({
    name: 'update',
    data,
    channels: [channel],
    ...extra,
  });

  it('refuses a forged signature with 401 and delivers nothing', async () => {
    listener = await RawSocket.open(emulator);
    await listener.subscribe('forged');
    const forged = await signedCall(emulator, 'events', { body: event('forged'), secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.text).toMatch(/signature/i);
    const tampered = await signedCall(emulator, 'events', { body: event('forged'), bodyMd5: md5Hex('something else') });
    expect(tampered.status).toBe(401);
    await quietPeriod(100);
    expect(listener.received('update')).toEqual([]);
  });

  it('refuses a correctly signed request with a stale timestamp with 401', async () => {
    const stale = await signedCall(emulator, 'events', { body: event('stale'), timestamp: Math.floor(Date.now() / 1000) - 601 });
    expect(stale.status).toBe(401);
    expect(stale.text).toMatch(/timestamp/i);
    const fresh = await signedCall(emulator, 'events', { body: event('stale'), timestamp: Math.floor(Date.now() / 1000) - 500 });
    expect(fresh.status).toBe(200);
  });

  it('accepts 10 KB of data and refuses 10 KB + 1 byte with 413', async () => {
    const fits = await signedCall(emulator, 'events', { body: event('size', 'x'.repeat(10_240)) });
    expect(fits.status).toBe(200);
    const tooLarge = await signedCall(emulator, 'events', { body: event('size', 'x'.repeat(10_241)) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('10241');
    // Bytes, not characters: 3,414 × "€" (3 bytes each) is 10,242 bytes.
    const multibyte = await signedCall(emulator, 'events', { body: event('size', '€'.repeat(3414)) });
    expect(multibyte.status).toBe(413);
  });

  it('accepts 100 channels per trigger and refuses 101 with 400', async () => {
    const names = (count: number) => Array.from({ length: count }, (_, index) => `fan-${index}`);
    expect((await signedCall(emulator, 'events', { body: { name: 'update', data: '{}', channels: names(100) } })).status).toBe(200);
    const refused = await signedCall(emulator, 'events', { body: { name: 'update', data: '{}', channels: names(101) } });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/101/);
  });

  it('enforces channel name rules and event name length', async () => {
    expect((await signedCall(emulator, 'events', { body: event('bad:name') })).status).toBe(400);
    expect((await signedCall(emulator, 'events', { body: event('x'.repeat(165)) })).status).toBe(400);
    expect((await signedCall(emulator, 'events', { body: event('x'.repeat(164)) })).status).toBe(200);
    expect((await signedCall(emulator, 'events', { body: { ...event('ok'), name: 'e'.repeat(201) } })).status).toBe(400);
    expect((await signedCall(emulator, 'events', { body: { ...event('ok'), data: { not: 'a string' } } })).status).toBe(400);
  });

  it('delivers /batch_events in order, at most 10 per call', async () => {
    listener = await RawSocket.open(emulator);
    await listener.subscribe('batch');
    const batch = Array.from({ length: 10 }, (_, index) => ({ channel: 'batch', name: 'step', data: JSON.stringify({ index }) }));
    expect((await signedCall(emulator, 'batch_events', { body: { batch } })).status).toBe(200);
    await listener.next('step', 'batch');
    await quietPeriod(50);
    expect(listener.received('step').map((frame) => frame.data.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const eleven = await signedCall(emulator, 'batch_events', { body: { batch: [...batch, batch[0]] } });
    expect(eleven.status).toBe(400);
  });

  it('excludes the connection named by socket_id', async () => {
    listener = await RawSocket.open(emulator);
    const other = await RawSocket.open(emulator);
    await listener.subscribe('exclusion');
    await other.subscribe('exclusion');
    await signedCall(emulator, 'events', { body: event('exclusion', '{"n":1}', { socket_id: listener.socketId }) });
    await signedCall(emulator, 'events', { body: event('exclusion', '{"n":2}') });
    await other.next('update', 'exclusion');
    await listener.next('update', 'exclusion');
    await quietPeriod(50);
    expect(other.received('update').map((frame) => frame.data.n)).toEqual([1, 2]);
    expect(listener.received('update').map((frame) => frame.data.n)).toEqual([2]);
    other.close();
  });

  it('answers channel queries: list, one channel, presence users', async () => {
    listener = await RawSocket.open(emulator);
    await listener.subscribe('presence-room', { user_id: 'u1', user_info: { name: 'One' } });
    await listener.subscribe('lobby');
    const list = await signedCall(emulator, 'channels', { params: { filter_by_prefix: 'presence-', info: 'user_count' } });
    expect(list.json).toEqual({ channels: { 'presence-room': { user_count: 1 } } });
    expect((await signedCall(emulator, 'channels', { params: { info: 'user_count' } })).status).toBe(400);
    const lobby = await signedCall(emulator, 'channels/lobby', { params: { info: 'subscription_count' } });
    expect(lobby.json).toEqual({ occupied: true, subscription_count: 1 });
    expect((await signedCall(emulator, 'channels/empty')).json).toEqual({ occupied: false });
    expect((await signedCall(emulator, 'channels/lobby', { params: { info: 'user_count' } })).status).toBe(400);
    expect((await signedCall(emulator, 'channels/presence-room/users')).json).toEqual({ users: [{ id: 'u1' }] });
    expect((await signedCall(emulator, 'channels/lobby/users')).status).toBe(400);
  });

  it('fails the next HTTP calls on request, then recovers; unknown apps are 404', async () => {
    emulator.failNextHttp(2, 503);
    expect((await signedCall(emulator, 'events', { body: event('faults') })).status).toBe(503);
    expect((await signedCall(emulator, 'events', { body: event('faults') })).status).toBe(503);
    expect((await signedCall(emulator, 'events', { body: event('faults') })).status).toBe(200);
    const wrongApp = await fetch(`http://${emulator.host}:${emulator.port}/apps/999/events`, { method: 'POST', body: '{}' });
    expect(wrongApp.status).toBe(404);
    expect(emulator.requests().filter((request) => request.status === 503)).toHaveLength(2);
  });

  it('adds latency to HTTP calls when asked', async () => {
    emulator.setLatency(150);
    const started = Date.now();
    await signedCall(emulator, 'channels');
    emulator.setLatency(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
