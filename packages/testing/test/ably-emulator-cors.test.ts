import { startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('ably emulator: CORS for browsers', () => {
  let emulator: Awaited<ReturnType<typeof startAblyEmulator>>;
  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: ['app.key:secret'] });
  });
  afterAll(() => emulator.close());

  it('answers a preflight and marks responses readable by the calling origin', async () => {
    const base = `http://${emulator.host}:${emulator.port}`;
    const preflight = await fetch(`${base}/keys/app.key/requestToken`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const time = await fetch(`${base}/time`, { headers: { origin: 'http://127.0.0.1:3000' } });
    expect(time.status).toBe(200);
    expect(time.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(time.headers.get('content-type')).toBe('application/json');
    expect(await time.json()).toEqual([expect.any(Number)]);
  });
});
