/**
 * Server-driven selection with a page whose `adapters` map lacks the provider the server chose: the
 * subscriber says which loader is missing and how to add it, on every built-in provider, instead of
 * a module-resolution failure (issue 19).
 */
import { registerProvider } from '@switchboard/core/adapter';
import { createSubscriber, defineChannel, type ProviderName, RealtimeError } from '@switchboard/core/client';
import { describe, expect, it } from 'vitest';

const anything = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
const feed = defineChannel('feed:{room}', { access: 'public', events: { update: anything } });

/** An auth endpoint whose GET names `provider`. */
const endpointChoosing =
  (provider: string): typeof fetch =>
  async () =>
    new Response(JSON.stringify({ provider, config: { url: 'http://127.0.0.1:1', key: 'k' } }), {
      headers: { 'content-type': 'application/json' },
    });

describe('createSubscriber({ authEndpoint, adapters }) when the chosen provider has no loader', () => {
  for (const provider of ['socket-io', 'pusher', 'ably'] as const) {
    it(`names the missing "${provider}" loader and the import to add`, async () => {
      const subscriber = createSubscriber({
        authEndpoint: 'http://app.test/api/realtime',
        fetch: endpointChoosing(provider),
        adapters: { memory: () => import('@switchboard/core/memory') },
      });
      const error = await subscriber.subscribe(feed({ room: 'a' }), 'update', () => {}).ready.catch((caught: unknown) => caught);
      expect(RealtimeError.isInstance(error, 'CONFIG'), String(error)).toBe(true);
      expect((error as RealtimeError).message).toBe(
        `The auth endpoint chose "${provider}", but createSubscriber has no "${provider}" loader: add adapters: { '${provider}': () => import('@switchboard/${provider}/subscriber') }`,
      );
      expect((error as RealtimeError).details).toEqual({ missingLoader: provider });
      await subscriber.close();
    });
  }

  it('says the same when there is no adapters map and the registered import cannot resolve', async () => {
    // A registered adapter whose package is not installed, as a bare specifier is in a browser.
    const specifier = 'switchboard-adapter-that-is-not-installed/subscriber';
    registerProvider('not-installed' as ProviderName, {
      packageName: 'switchboard-adapter-that-is-not-installed',
      subscriber: () => import(/* @vite-ignore */ specifier),
    });
    const subscriber = createSubscriber({ authEndpoint: 'http://app.test/api/realtime', fetch: endpointChoosing('not-installed') });
    const error = await subscriber.subscribe(feed({ room: 'a' }), 'update', () => {}).ready.catch((caught: unknown) => caught);
    expect((error as RealtimeError).message).toContain('createSubscriber has no "not-installed" loader');
    expect((error as RealtimeError).message).toContain("import('switchboard-adapter-that-is-not-installed/subscriber')");
    await subscriber.close();
  });
});
