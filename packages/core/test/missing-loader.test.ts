import { createSubscriber, defineChannel, type ProviderName, RealtimeError } from '@switchboard/core/client';
import { registerProvider } from '@switchboard/core/server';
import { describe, expect, it } from 'vitest';

const anything = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
const news = defineChannel('news', { access: 'public', events: { posted: anything } });

// What a browser throws when a bare specifier reaches `import()` unbundled.
const browserImportFailure = () => Promise.reject(new TypeError('Failed to resolve module specifier "@acme/realtime/subscriber"'));

const endpointChoosing = (provider: string): typeof fetch => (async () => Response.json({ provider, config: {} })) as typeof fetch;

describe('a provider the page has no loader for', () => {
  it('is named as a missing `adapters` loader, not as a module resolution failure', async () => {
    registerProvider('acme-browser' as ProviderName, { packageName: '@acme/realtime', subscriber: browserImportFailure });
    const subscriber = createSubscriber({
      authEndpoint: 'https://app.test/api/realtime',
      fetch: endpointChoosing('acme-browser'),
      adapters: { memory: () => import('@switchboard/core/memory') },
    });
    const failure = await subscriber.subscribe(news({}), 'posted', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'CONFIG')).toBe(true);
    expect((failure as RealtimeError).message).toContain('"acme-browser"');
    expect((failure as RealtimeError).message).toContain('adapters');
    expect((failure as RealtimeError).message).toContain("import('@acme/realtime/subscriber')");
    await subscriber.close();
  });
});
