import { authorizerFromEnv, publisherFromEnv, publisherOptionsFromEnv, RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const hosted = { REALTIME_PROVIDER: 'pusher', PUSHER_APP_ID: '1', PUSHER_KEY: 'k', PUSHER_SECRET: 's', PUSHER_CLUSTER: 'eu' };
const emulator = { ...hosted, PUSHER_CLUSTER: undefined, PUSHER_HOST: '127.0.0.1', PUSHER_PORT: '7110', PUSHER_USE_TLS: 'false' };

const variableOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
  return (error as RealtimeError).details?.variable;
};

describe('pusher environment variables (read by the adapter, dispatched by core)', () => {
  it('reads the hosted and the emulator variables', async () => {
    expect(await publisherOptionsFromEnv(hosted)).toEqual({ provider: 'pusher', appId: '1', key: 'k', secret: 's', cluster: 'eu' });
    expect(await publisherOptionsFromEnv(emulator)).toEqual({
      provider: 'pusher',
      appId: '1',
      key: 'k',
      secret: 's',
      host: '127.0.0.1',
      port: 7110,
      useTLS: false,
    });
  });

  it('names each missing or malformed variable, for the publisher and the authorizer alike', async () => {
    for (const read of [publisherOptionsFromEnv, authorizerFromEnv]) {
      expect(await variableOf(read({ ...hosted, PUSHER_SECRET: '' }))).toBe('PUSHER_SECRET');
      expect(await variableOf(read({ ...hosted, PUSHER_CLUSTER: undefined }))).toBe('PUSHER_CLUSTER');
      expect(await variableOf(read({ ...emulator, PUSHER_PORT: 'eighty' }))).toBe('PUSHER_PORT');
      expect(await variableOf(read({ ...emulator, PUSHER_USE_TLS: 'nope' }))).toBe('PUSHER_USE_TLS');
    }
  });

  it('sends browsers where the publisher publishes: the emulator host when PUSHER_HOST is set', async () => {
    const toEmulator = await authorizerFromEnv(emulator);
    expect(toEmulator.provider).toBe('pusher');
    expect(toEmulator.publicConfig()).toMatchObject({ key: 'k', wsHost: '127.0.0.1', wsPort: 7110, forceTLS: false });
    expect((await authorizerFromEnv(hosted)).publicConfig()).toEqual({ key: 'k', cluster: 'eu', forceTLS: true });
  });

  it('builds a publisher from the same variables', async () => {
    const publisher = publisherFromEnv(hosted);
    expect((await publisher.describe()).provider).toBe('pusher');
    await publisher.close();
  });
});
