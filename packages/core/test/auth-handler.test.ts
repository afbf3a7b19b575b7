import { RealtimeError } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { describe, expect, it } from 'vitest';
import {
  channels,
  cookieAuthenticate,
  errorOf,
  formRequest,
  handlerWith,
  jsonRequest,
  recordingAuthorizer,
  rules,
} from './support/auth-fixtures.js';

describe('createAuthHandler: credentials (POST)', () => {
  it('signs the owner’s private channel from a Pusher form body, with identity from the server', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(formRequest({ socket_id: '1.2', channel_name: 'progress:user:42' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { auth: string; channel_data: string };
    expect(body.auth).toBe('memory:42:progress:user:42');
    expect(JSON.parse(body.channel_data)).toEqual({ user_id: '42', user_info: { name: 'Ada' } });
    expect(issued).toEqual([{ provider: 'memory', userId: '42', channel: 'progress:user:42' }]);
  });

  it('accepts the same request as JSON', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(jsonRequest({ channel_name: 'progress:user:42' }));
    expect(response.status).toBe(200);
    expect(issued).toHaveLength(1);
  });

  it('ignores identity fields the client puts in the body', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(jsonRequest({ channel_name: 'progress:user:7', user_id: '7', user: { id: '7' } }));
    expect(response.status).toBe(403);
    expect(issued).toEqual([]);
  });

  it('answers 401 without a user credential, and with an unknown one', async () => {
    const { handler, issued } = handlerWith();
    const anonymous = new Request('http://app.test/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel_name: 'progress:user:42' }),
    });
    expect((await handler(anonymous)).status).toBe(401);
    const forged = await handler(formRequest({ channel_name: 'progress:user:42' }, 'session-999'));
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe('UNAUTHORIZED');
    expect(issued).toEqual([]);
  });

  it('answers 403 with the rule’s reason when user 42 asks for user 7’s channel', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(formRequest({ channel_name: 'progress:user:7' }));
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({ code: 'FORBIDDEN', message: 'only user 7 may subscribe' });
    expect(issued).toEqual([]);
  });

  it('runs asynchronous rules: members get in, others get 403 with the reason', async () => {
    const { handler, issued } = handlerWith();
    expect((await handler(formRequest({ channel_name: 'conversation:c1' }))).status).toBe(200);
    const refused = await handler(formRequest({ channel_name: 'conversation:c2' }));
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toBe('not a member of this conversation');
    expect(issued.map((entry) => entry.channel)).toEqual(['conversation:c1']);
  });

  it('denies by default a private channel that has no rule', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(formRequest({ channel_name: 'audit:acme' }));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).message).toContain('no access rule');
    expect(issued).toEqual([]);
  });

  it('lets a signed-in user through to a public channel', async () => {
    const { handler } = handlerWith();
    expect((await handler(formRequest({ channel_name: 'announcements' }))).status).toBe(200);
  });

  it('answers 400 for a channel outside the definitions and for a malformed body', async () => {
    const { handler, issued } = handlerWith();
    const unknown = await handler(formRequest({ channel_name: 'billing:user:42' }));
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).code).toBe('INVALID_CHANNEL');
    for (const body of ['{not json', '[1,2]', 'null', '"text"']) {
      const response = await handler(jsonRequest(body));
      expect(response.status, body).toBe(400);
      expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    }
    const wrongType = await handler(
      new Request('http://app.test/api/realtime', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', cookie: 'session=session-42' },
        body: 'channel_name=progress:user:42',
      }),
    );
    expect(wrongType.status).toBe(400);
    const missingField = await handler(jsonRequest({ socket_id: '1.2' }));
    expect(missingField.status).toBe(400);
    expect(issued).toEqual([]);
  });

  it('answers 413 past the body cap, whether or not Content-Length announces it', async () => {
    const { handler, issued } = handlerWith({ maxBodyBytes: 1024 });
    const padding = 'x'.repeat(2048);
    const announced = await handler(jsonRequest({ channel_name: 'progress:user:42', padding }));
    expect(announced.status).toBe(413);
    const streamed = new Request('http://app.test/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=session-42' },
      body: new ReadableStream({
        start(controller) {
          for (let index = 0; index < 8; index += 1) controller.enqueue(new TextEncoder().encode(padding));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const response = await handler(streamed);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(issued).toEqual([]);
  });

  it('uses a 16 KB cap by default', async () => {
    const { handler } = handlerWith();
    const fits = await handler(jsonRequest({ channel_name: 'progress:user:42', padding: 'x'.repeat(15_000) }));
    expect(fits.status).toBe(200);
    const tooBig = await handler(jsonRequest({ channel_name: 'progress:user:42', padding: 'x'.repeat(17_000) }));
    expect(tooBig.status).toBe(413);
  });

  it('answers a throwing rule with a generic 500 that leaks nothing, and reports the cause to onError', async () => {
    const { handler, issued, errors } = handlerWith();
    const response = await handler(formRequest({ channel_name: 'fragile:1' }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(text).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5|stack/);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('ECONNREFUSED');
    expect(issued).toEqual([]);
  });

  it('answers a throwing authorizer or authenticate with 500, and maps provider outages to 503', async () => {
    const failing = (error: unknown) =>
      createAuthHandler({
        authenticate: cookieAuthenticate,
        channels,
        rules,
        onError: () => {},
        authorizer: { provider: 'memory', publicConfig: () => ({}), authorize: () => Promise.reject(error) },
      });
    const crash = await failing(new TypeError("Cannot read properties of undefined (reading 'secret')"))(
      formRequest({ channel_name: 'progress:user:42' }),
    );
    expect(crash.status).toBe(500);
    expect(await crash.text()).not.toContain('secret');
    const outage = await failing(new RealtimeError('PROVIDER_UNAVAILABLE', 'ably.io 502 key=abc:def', { provider: 'ably' }))(
      formRequest({ channel_name: 'progress:user:42' }),
    );
    expect(outage.status).toBe(503);
    expect(await outage.text()).not.toContain('abc:def');
    const serverConfig = await failing(new RealtimeError('CONFIG', 'PUSHER_SECRET is not set'))(
      formRequest({ channel_name: 'progress:user:42' }),
    );
    expect(serverConfig.status).toBe(500);
    const inputConfig = await failing(new RealtimeError('CONFIG', 'socket_id is malformed', { details: { source: 'request' } }))(
      formRequest({ channel_name: 'progress:user:42' }),
    );
    expect(inputConfig.status).toBe(400);
    const throwingAuthenticate = createAuthHandler({
      authenticate: () => {
        throw new Error('session store down');
      },
      channels,
      authorizer: recordingAuthorizer().authorizer,
      onError: () => {},
    });
    expect((await throwingAuthenticate(formRequest({ channel_name: 'progress:user:42' }))).status).toBe(500);
  });

  it.each([
    ['UNAUTHORIZED', 401, 'UNAUTHORIZED'],
    ['FORBIDDEN', 403, 'FORBIDDEN'],
    ['INVALID_CHANNEL', 400, 'INVALID_CHANNEL'],
    ['INVALID_EVENT', 400, 'INVALID_EVENT'],
    ['VALIDATION_FAILED', 400, 'VALIDATION_FAILED'],
    ['PAYLOAD_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
    ['RATE_LIMITED', 429, 'RATE_LIMITED'],
    ['TIMEOUT', 503, 'PROVIDER_UNAVAILABLE'],
    ['CLOSED', 500, 'INTERNAL'],
  ] as const)('maps a RealtimeError %s from the authorizer to %i', async (code, status, wireCode) => {
    const handler = createAuthHandler({
      authenticate: cookieAuthenticate,
      channels,
      onError: () => {},
      authorizer: {
        provider: 'memory',
        publicConfig: () => ({}),
        authorize: () => Promise.reject(new RealtimeError(code, `${code} happened`)),
      },
    });
    const response = await handler(formRequest({ channel_name: 'progress:user:42' }));
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.code).toBe(wireCode);
    // Client errors keep their message; server errors never show it.
    expect(error.message.includes(`${code} happened`)).toBe(status < 500);
  });

  it('answers 500 when authenticate returns a user without a string id (an app bug)', async () => {
    const { handler, errors } = handlerWith({ authenticate: () => ({ id: 42 as unknown as string }) });
    expect((await handler(formRequest({ channel_name: 'progress:user:42' }))).status).toBe(500);
    expect(String(errors[0])).toContain('string `id`');
  });

  it('answers 405 to other methods', async () => {
    const { handler } = handlerWith();
    const response = await handler(new Request('http://app.test/api/realtime', { method: 'DELETE' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});
