import { createAuthHandler } from '@switchboard/core/auth';
import { describe, expect, it } from 'vitest';
import { channels, cookieAuthenticate, recordingAuthorizer, rules } from './support/auth-fixtures.js';

describe('createAuthHandler: provider discovery (GET)', () => {
  it('answers the provider and its public config, without a user by default', async () => {
    const { authorizer } = recordingAuthorizer('pusher', { key: 'app-key', cluster: 'eu' });
    const handler = createAuthHandler({ authenticate: cookieAuthenticate, channels, authorizer });
    const response = await handler(new Request('http://app.test/api/realtime'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ provider: 'pusher', config: { key: 'app-key', cluster: 'eu' } });
  });

  it('can require a user for discovery', async () => {
    const { authorizer } = recordingAuthorizer();
    const handler = createAuthHandler({ authenticate: cookieAuthenticate, channels, authorizer, authenticateDiscovery: true });
    expect((await handler(new Request('http://app.test/api/realtime'))).status).toBe(401);
    const signedIn = new Request('http://app.test/api/realtime', { headers: { cookie: 'session=session-42' } });
    expect((await handler(signedIn)).status).toBe(200);
  });

  it('chooses the authorizer per request, so changing REALTIME_PROVIDER switches the answer', async () => {
    const env: Record<string, string> = { REALTIME_PROVIDER: 'memory' };
    const byName = {
      memory: recordingAuthorizer('memory').authorizer,
      ably: recordingAuthorizer('ably', { endpoint: 'realtime.example' }).authorizer,
    };
    const handler = createAuthHandler({
      authenticate: cookieAuthenticate,
      channels,
      rules,
      authorizer: () => byName[env.REALTIME_PROVIDER as keyof typeof byName],
    });
    const ask = async () => ((await (await handler(new Request('http://app.test/api/realtime'))).json()) as { provider: string }).provider;
    expect(await ask()).toBe('memory');
    env.REALTIME_PROVIDER = 'ably';
    expect(await ask()).toBe('ably');
  });
});

describe('createAuthHandler: configuration', () => {
  it('refuses bad options with CONFIG errors at creation', () => {
    const { authorizer } = recordingAuthorizer();
    const create = (options: Record<string, unknown>) => () =>
      createAuthHandler({ authenticate: cookieAuthenticate, channels, authorizer, ...options } as never);
    expect(create({ authenticate: undefined })).toThrow(/authenticate/);
    expect(create({ channels: [] })).toThrow(/channels/);
    expect(create({ channels: ['progress:user:{userId}'] })).toThrow(/channels/);
    expect(create({ authorizer: {} })).toThrow(/authorizer/);
    expect(create({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    expect(create({ channels: channels.slice(0, 1), rules })).toThrow(/not in `channels`/);
    expect(() => create({ authenticate: undefined })()).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });
});
