import { createPublisher, createSubscriber, publisherFromEnv, publisherOptionsFromEnv, RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const configError = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
    return error as RealtimeError;
  }
  throw new Error('expected a CONFIG error');
};

describe('configuration', () => {
  it('refuses an unknown provider name, listing the known ones', () => {
    // @ts-expect-error not a provider
    const error = configError(() => createPublisher({ provider: 'kafka' }));
    expect(error.message).toContain('"kafka"');
    expect(error.message).toContain('memory, socket-io, pusher, ably');
    // @ts-expect-error not a provider
    configError(() => createSubscriber({ provider: 'nats' }));
  });

  it('names the missing environment variable', () => {
    expect(configError(() => publisherOptionsFromEnv({})).message).toContain('REALTIME_PROVIDER');
    expect(configError(() => publisherOptionsFromEnv({ REALTIME_PROVIDER: 'ably' })).message).toContain('ABLY_API_KEY');
    const pusher = { REALTIME_PROVIDER: 'pusher', PUSHER_APP_ID: '1', PUSHER_KEY: 'k' };
    expect(configError(() => publisherOptionsFromEnv(pusher)).message).toContain('PUSHER_SECRET');
    expect(configError(() => publisherOptionsFromEnv({ ...pusher, PUSHER_SECRET: 's' })).message).toContain('PUSHER_CLUSTER');
    expect(configError(() => publisherOptionsFromEnv({ REALTIME_PROVIDER: 'socket-io' })).message).toContain('SOCKET_IO_URL');
    expect(configError(() => publisherOptionsFromEnv({ REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: 'http://h' })).message).toContain(
      'SOCKET_IO_SECRET',
    );
    expect(configError(() => publisherOptionsFromEnv({ REALTIME_PROVIDER: 'carrier-pigeon' })).message).toContain('carrier-pigeon');
    expect(
      configError(() => publisherOptionsFromEnv({ ...pusher, PUSHER_SECRET: 's', PUSHER_HOST: 'h', PUSHER_PORT: 'eighty' })).message,
    ).toContain('PUSHER_PORT');
  });

  it('reads each provider’s variables', () => {
    expect(publisherOptionsFromEnv({ REALTIME_PROVIDER: 'ably', ABLY_API_KEY: 'app.key:secret' })).toEqual({
      provider: 'ably',
      apiKey: 'app.key:secret',
    });
    expect(
      publisherOptionsFromEnv({
        REALTIME_PROVIDER: 'pusher',
        PUSHER_APP_ID: '1',
        PUSHER_KEY: 'k',
        PUSHER_SECRET: 's',
        PUSHER_HOST: '127.0.0.1',
        PUSHER_PORT: '6001',
        PUSHER_USE_TLS: 'false',
      }),
    ).toEqual({ provider: 'pusher', appId: '1', key: 'k', secret: 's', host: '127.0.0.1', port: 6001, useTLS: false });
    expect(publisherOptionsFromEnv({ REALTIME_PROVIDER: 'socket-io', REDIS_URL: 'redis://x' })).toEqual({
      provider: 'socket-io',
      redisUrl: 'redis://x',
    });
  });

  it('creates a working publisher from the environment', async () => {
    const publisher = publisherFromEnv({ REALTIME_PROVIDER: 'memory' });
    expect((await publisher.describe()).provider).toBe('memory');
  });
});

describe('RealtimeError', () => {
  it('is recognised across copies of the package by its brand, not its class', () => {
    const foreign = Object.create(null);
    Object.defineProperty(foreign, Symbol.for('switchboard.RealtimeError'), { value: true });
    foreign.code = 'TIMEOUT';
    expect(RealtimeError.isInstance(foreign, 'TIMEOUT')).toBe(true);
    expect(RealtimeError.isInstance(new Error('plain'))).toBe(false);
    expect(RealtimeError.isInstance({ code: 'TIMEOUT' })).toBe(false);
    const error = new RealtimeError('PROVIDER_UNAVAILABLE', 'down', { provider: 'ably', cause: new Error('socket') });
    expect(error.retriable).toBe(true);
    expect(new RealtimeError('FORBIDDEN', 'no').retriable).toBe(false);
    expect((error.cause as Error).message).toBe('socket');
  });
});
