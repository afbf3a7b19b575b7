import { authorizerFromEnv, publisherOptionsFromEnv, RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const SECRET = 'a-hub-secret-of-32-characters!!!';
const hub = { REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: 'http://127.0.0.1:3000', SOCKET_IO_SECRET: SECRET };

const variableOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
  return (error as RealtimeError).details?.variable;
};

describe('socket-io environment variables (read by the adapter, dispatched by core)', () => {
  it('reads the hub URL and secret, or a Redis URL for workers', async () => {
    expect(await publisherOptionsFromEnv(hub)).toEqual({ provider: 'socket-io', url: 'http://127.0.0.1:3000', secret: SECRET });
    expect(await publisherOptionsFromEnv({ REALTIME_PROVIDER: 'socket-io', REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      provider: 'socket-io',
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it('refuses a short SOCKET_IO_SECRET at startup, naming it, for the publisher and the authorizer alike', async () => {
    for (const read of [publisherOptionsFromEnv, authorizerFromEnv]) {
      expect(await variableOf(read({ ...hub, SOCKET_IO_SECRET: 'short' }))).toBe('SOCKET_IO_SECRET');
      expect(await variableOf(read({ ...hub, SOCKET_IO_SECRET: undefined }))).toBe('SOCKET_IO_SECRET');
      expect(await variableOf(read({ ...hub, SOCKET_IO_URL: 'localhost:3000' }))).toBe('SOCKET_IO_URL');
      expect(await variableOf(read({ REALTIME_PROVIDER: 'socket-io' }))).toBe('SOCKET_IO_URL');
    }
    expect(await variableOf(publisherOptionsFromEnv({ REALTIME_PROVIDER: 'socket-io', REDIS_URL: 'http://x' }))).toBe('REDIS_URL');
  });

  it('sends browsers to SOCKET_IO_URL with tokens signed by SOCKET_IO_SECRET', async () => {
    const authorizer = await authorizerFromEnv(hub);
    expect(authorizer.provider).toBe('socket-io');
    expect(authorizer.publicConfig()).toEqual({ url: 'http://127.0.0.1:3000' });
  });
});
