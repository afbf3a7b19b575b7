import { authorizerFromEnv, publisherOptionsFromEnv, RealtimeError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const hosted = { REALTIME_PROVIDER: 'ably', ABLY_API_KEY: 'app.key:secret' };
const emulator = { ...hosted, ABLY_ENDPOINT: '127.0.0.1', ABLY_PORT: '7111', ABLY_TLS: 'false' };

const variableOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
  return (error as RealtimeError).details?.variable;
};

describe('ably environment variables (read by the adapter, dispatched by core)', () => {
  it('reads the key and the emulator endpoint', async () => {
    expect(await publisherOptionsFromEnv(hosted)).toEqual({ provider: 'ably', apiKey: 'app.key:secret' });
    expect(await publisherOptionsFromEnv(emulator)).toEqual({
      provider: 'ably',
      apiKey: 'app.key:secret',
      endpoint: '127.0.0.1',
      port: 7111,
      tls: false,
    });
  });

  it('refuses a malformed ABLY_API_KEY at startup, naming it, for the publisher and the authorizer alike', async () => {
    for (const read of [publisherOptionsFromEnv, authorizerFromEnv]) {
      expect(await variableOf(read({ ...hosted, ABLY_API_KEY: 'bad' }))).toBe('ABLY_API_KEY');
      expect(await variableOf(read({ REALTIME_PROVIDER: 'ably' }))).toBe('ABLY_API_KEY');
      expect(await variableOf(read({ ...emulator, ABLY_PORT: '0' }))).toBe('ABLY_PORT');
      expect(await variableOf(read({ ...emulator, ABLY_TLS: 'off' }))).toBe('ABLY_TLS');
    }
  });

  it('sends browsers to the emulator endpoint when ABLY_ENDPOINT is set', async () => {
    const authorizer = await authorizerFromEnv(emulator);
    expect(authorizer.provider).toBe('ably');
    expect(authorizer.publicConfig()).toEqual({ endpoint: '127.0.0.1', port: 7111, tls: false });
    expect((await authorizerFromEnv(hosted)).publicConfig()).toEqual({});
  });
});
