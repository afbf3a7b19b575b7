import { createPublisher, createSubscriber } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

// Each built-in name resolves to its adapter package through a lazy import from core; nothing
// connects until the first call, so describe() works without any server.
describe('providers by name', () => {
  it.each([
    ['socket-io', { url: 'http://127.0.0.1:9', secret: 'a-secret-that-is-long-enough-000000' }],
    ['pusher', { appId: '1', key: 'key', secret: 'secret', host: '127.0.0.1', port: 9 }],
    ['ably', { apiKey: 'app.key:secret', endpoint: '127.0.0.1', port: 9, tls: false }],
  ] as const)('loads the %s publisher adapter lazily', async (provider, options) => {
    const publisher = createPublisher({ provider, ...options } as never);
    const description = await publisher.describe();
    expect(description.provider).toBe(provider);
    expect(description.limits.maxPayloadBytes).toBeGreaterThan(0);
    await publisher.close();
  });

  it.each([
    ['socket-io', { url: 'http://127.0.0.1:9', token: 'token' }],
    ['pusher', { key: 'key', wsHost: '127.0.0.1', wsPort: 9, forceTLS: false }],
    ['ably', { endpoint: '127.0.0.1', port: 9, tls: false, authCallback: () => {} }],
  ] as const)('loads the %s subscriber adapter lazily', async (provider, options) => {
    const subscriber = createSubscriber({ provider, ...options } as never);
    expect(subscriber.state).toBe('idle');
    expect((await subscriber.describe()).provider).toBe(provider);
    await subscriber.close();
    expect(subscriber.state).toBe('closed');
  });
});
