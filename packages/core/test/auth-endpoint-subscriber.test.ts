import {
  type AuthHeaders,
  createPublisher,
  createSubscriber,
  RealtimeError,
  type SubscriberAdapterLoaders,
  type SubscriberTransport,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { createSubscriberTransport as memorySubscriberTransport } from '@switchboard/core/memory';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { announcements, channels, cookieAuthenticate, progress, recordingAuthorizer, rules } from './support/auth-fixtures.js';

/** The server: one auth endpoint whose provider follows a mutable REALTIME_PROVIDER. */
function server() {
  const env = { REALTIME_PROVIDER: 'memory' as 'memory' | 'pusher' };
  const authorizers = {
    memory: recordingAuthorizer('memory', {}).authorizer,
    pusher: recordingAuthorizer('pusher', { key: 'app-key', cluster: 'eu' }).authorizer,
  };
  const handler = createAuthHandler({
    authenticate: cookieAuthenticate,
    channels,
    rules,
    authorizer: () => authorizers[env.REALTIME_PROVIDER],
  });
  const requests: Array<{ method: string; cookie: string | null }> = [];
  // The browser's fetch: relative URLs, cookies attached by the "browser".
  const browserFetch = (session: string): typeof fetch =>
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(new URL(String(input), 'http://app.test'), init);
      request.headers.set('cookie', `session=${session}`);
      requests.push({ method: request.method, cookie: request.headers.get('cookie') });
      return handler(request);
    }) as typeof fetch;
  return { env, handler, requests, browserFetch };
}

/**
 * A stand-in for a Pusher-like adapter module: it keeps the options it was created with and, like
 * pusher-js, POSTs `channel_name` to the auth endpoint before joining a private channel; the
 * signed credential names the user the (memory) server lets in.
 */
function pusherLikeModule() {
  const created: Array<Record<string, unknown>> = [];
  const module = {
    createSubscriberTransport(options: Record<string, unknown>): SubscriberTransport {
      created.push(options);
      const fetcher = options.fetch as typeof fetch;
      const listeners = new Set<Parameters<SubscriberTransport['onStateChange']>[0]>();
      // The connection opens once the first credential names the user, as with a signed socket.
      let inner: SubscriberTransport | undefined;
      const open = (user?: { id: string }) => {
        if (!inner) {
          inner = memorySubscriberTransport(user ? { user } : {});
          for (const listener of listeners) inner.onStateChange(listener);
          inner.connect();
        }
        return inner;
      };
      const credentialUser = async (channelName: string) => {
        const headers = options.authHeaders as AuthHeaders | undefined;
        const extra = typeof headers === 'function' ? await headers() : (headers ?? {});
        const response = await fetcher(String(options.authEndpoint), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra },
          body: new URLSearchParams({ socket_id: '1.1', channel_name: channelName }).toString(),
        });
        if (response.status === 403) throw new RealtimeError('FORBIDDEN', `refused: ${channelName}`, { provider: 'pusher' });
        if (!response.ok) throw new RealtimeError('UNAUTHORIZED', `auth endpoint answered ${response.status}`, { provider: 'pusher' });
        const { channel_data } = (await response.json()) as { channel_data: string };
        return { id: (JSON.parse(channel_data) as { user_id: string }).user_id };
      };
      const probe = memorySubscriberTransport({});
      return {
        specificationVersion: probe.specificationVersion,
        provider: 'pusher',
        capabilities: probe.capabilities,
        limits: probe.limits,
        state: () => inner?.state() ?? 'idle',
        connectionId: () => inner?.connectionId(),
        onStateChange(listener) {
          listeners.add(listener);
          const unsubscribe = inner?.onStateChange(listener);
          return () => {
            listeners.delete(listener);
            unsubscribe?.();
          };
        },
        connect: () => {},
        async attach(channel, sink, attachOptions) {
          const user = channel.definition.access === 'public' ? undefined : await credentialUser(channel.name);
          return open(user).attach(channel, sink, attachOptions);
        },
        detach: async (channel) => inner?.detach(channel),
        close: async () => inner?.close(),
      };
    },
  };
  return { module, created };
}

function countingLoaders() {
  const loads = { memory: 0, pusher: 0, ably: 0 };
  const pusher = pusherLikeModule();
  const adapters: SubscriberAdapterLoaders = {
    memory: async () => {
      loads.memory += 1;
      return import('@switchboard/core/memory');
    },
    pusher: async () => {
      loads.pusher += 1;
      return pusher.module;
    },
    ably: async () => {
      loads.ably += 1;
      throw new Error('the ably chunk must not load');
    },
  };
  return { loads, adapters, created: pusher.created };
}

describe('createSubscriber({ authEndpoint }): server-driven provider choice', () => {
  it('asks nothing until the first subscribe, then asks once', async () => {
    const app = server();
    const { adapters, loads } = countingLoaders();
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: app.browserFetch('session-42'), adapters });
    expect(app.requests).toEqual([]);
    expect(subscriber.state).toBe('idle');
    const first = subscriber.subscribe(announcements({}), 'notice:posted', () => {});
    const second = subscriber.subscribe(progress({ userId: 42 }), 'lesson:updated', () => {});
    await first.ready;
    await expect(second.ready).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'UNAUTHORIZED'));
    expect(app.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
    expect(loads).toEqual({ memory: 1, pusher: 0, ably: 0 });
    await subscriber.close();
  });

  it('delivers through the provider the server chose (memory)', async () => {
    const app = server();
    const { adapters } = countingLoaders();
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: app.browserFetch('session-42'), adapters });
    const received = new Collector<unknown>();
    await subscriber.subscribe(announcements({}), 'notice:posted', received.push).ready;
    const publisher = createPublisher({ provider: 'memory' });
    await publisher.publish(announcements({}), 'notice:posted', { text: 'hello' });
    expect(await received.toHave(1)).toEqual([{ text: 'hello' }]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('follows a provider switch on the server at its next creation, loading only that provider', async () => {
    const app = server();
    const { adapters, loads, created } = countingLoaders();
    const fetch = app.browserFetch('session-42');
    const before = createSubscriber({ authEndpoint: '/api/realtime', fetch, adapters });
    await before.subscribe(announcements({}), 'notice:posted', () => {}).ready;
    expect((await before.describe()).provider).toBe('memory');
    expect(before.connectionId).toMatch(/^mem/);

    app.env.REALTIME_PROVIDER = 'pusher';
    const authHeaders = { 'x-csrf': 'token-1' };
    const after = createSubscriber({ authEndpoint: '/api/realtime', authHeaders, fetch, adapters });
    const lessons = new Collector<unknown>();
    await after.subscribe(progress({ userId: 42 }), 'lesson:updated', lessons.push).ready;
    expect(loads).toEqual({ memory: 1, pusher: 1, ably: 0 });
    expect((await after.describe()).provider).toBe('pusher');
    expect(created).toEqual([{ key: 'app-key', cluster: 'eu', authEndpoint: '/api/realtime', authHeaders, fetch }]);

    const publisher = createPublisher({ provider: 'memory' });
    await publisher.publish(progress({ userId: 42 }), 'lesson:updated', { lesson: 3 });
    expect(await lessons.toHave(1)).toEqual([{ lesson: 3 }]);

    // The adapter's credential requests go through the same rules: user 42 cannot join user 7's channel.
    await expect(after.subscribe(progress({ userId: 7 }), 'lesson:updated', () => {}).ready).rejects.toSatisfy((error) =>
      RealtimeError.isInstance(error, 'FORBIDDEN'),
    );
    expect(app.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'POST', 'POST']);
    await Promise.all([before.close(), after.close(), publisher.close()]);
  });

  it('resolves authHeaders per request when given a function', async () => {
    const app = server();
    app.env.REALTIME_PROVIDER = 'pusher';
    const { adapters } = countingLoaders();
    let calls = 0;
    const authHeaders = () => {
      calls += 1;
      return { authorization: `Bearer token-${calls}` };
    };
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', authHeaders, fetch: app.browserFetch('session-42'), adapters });
    await subscriber.subscribe(progress({ userId: 42 }), 'lesson:updated', () => {}).ready;
    expect(calls).toBe(2);
    await subscriber.close();
  });
});

describe('createSubscriber({ authEndpoint }): failures', () => {
  const endpoint = (respond: () => Response | Promise<Response>): typeof fetch => (async () => respond()) as typeof fetch;

  it.each([
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'CONFIG'],
  ] as const)('rejects the subscription when discovery answers %i (%s)', async (status, code) => {
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: endpoint(() => new Response('{}', { status })) });
    await expect(subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready).rejects.toSatisfy((error) =>
      RealtimeError.isInstance(error, code),
    );
  });

  it('rejects an answer that names no provider, or an unknown one', async () => {
    for (const body of ['{"config":{}}', '{"provider":"carrier-pigeon","config":{}}', '<html>', '{"provider":"memory","config":[1]}']) {
      const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: endpoint(() => new Response(body)) });
      await expect(subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready, body).rejects.toSatisfy((error) =>
        RealtimeError.isInstance(error, 'CONFIG'),
      );
    }
  });

  it('retries an unreachable endpoint, then succeeds', async () => {
    let attempts = 0;
    const app = server();
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('fetch failed');
      return app.browserFetch('session-42')(input, init);
    }) as typeof fetch;
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: flaky });
    await subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready;
    expect(attempts).toBe(2);
    await subscriber.close();
  });

  it('gives up with PROVIDER_UNAVAILABLE when the endpoint stays down', async () => {
    let attempts = 0;
    const down = (async () => {
      attempts += 1;
      return new Response('{}', { status: 502 });
    }) as typeof fetch;
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: down });
    await expect(subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready).rejects.toSatisfy((error) =>
      RealtimeError.isInstance(error, 'PROVIDER_UNAVAILABLE'),
    );
    await waitFor(() => attempts === 3, 5000, 'three discovery attempts');
  });

  it('asks the endpoint again on the next subscribe once it gave up', async () => {
    let up = false;
    const app = server();
    const recovering = (async (input: RequestInfo | URL, init?: RequestInit) =>
      up ? app.browserFetch('session-42')(input, init) : new Response('{}', { status: 503 })) as typeof fetch;
    const subscriber = createSubscriber({ authEndpoint: '/api/realtime', fetch: recovering });
    await expect(subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready).rejects.toSatisfy((error) =>
      RealtimeError.isInstance(error, 'PROVIDER_UNAVAILABLE'),
    );
    up = true;
    await subscriber.subscribe(announcements({}), 'notice:posted', () => {}).ready;
    expect(subscriber.state).not.toBe('idle');
    await subscriber.close();
  });
});
