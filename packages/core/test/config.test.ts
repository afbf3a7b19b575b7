import {
  authorizerFromEnv,
  booleanVariable,
  createPublisher,
  createSubscriber,
  type ProviderName,
  type PublisherModule,
  portVariable,
  publisherFromEnv,
  publisherOptionsFromEnv,
  RealtimeError,
  registerProvider,
  requiredVariable,
  urlVariable,
} from '@switchboard/core';
import { createPublisherTransport } from '@switchboard/core/memory';
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

  it('names REALTIME_PROVIDER when it is missing or unknown', async () => {
    await expect(publisherOptionsFromEnv({})).rejects.toMatchObject({ code: 'CONFIG', details: { variable: 'REALTIME_PROVIDER' } });
    expect(configError(() => publisherFromEnv({ REALTIME_PROVIDER: 'carrier-pigeon' })).message).toContain('carrier-pigeon');
    await expect(authorizerFromEnv({ REALTIME_PROVIDER: ' ' })).rejects.toMatchObject({ details: { variable: 'REALTIME_PROVIDER' } });
  });

  it('creates a working publisher from the environment', async () => {
    const publisher = publisherFromEnv({ REALTIME_PROVIDER: 'memory' });
    expect((await publisher.describe()).provider).toBe('memory');
    expect(await publisherOptionsFromEnv({ REALTIME_PROVIDER: 'memory' })).toEqual({ provider: 'memory' });
  });

  it('dispatches to the adapter, which reads its own variables, for the publisher and the authorizer alike', async () => {
    const read: string[] = [];
    const module: PublisherModule = {
      createPublisherTransport: (options) => ({
        ...createPublisherTransport(),
        provider: `env-probe:${(options as { region: string }).region}`,
      }),
      publisherOptionsFromEnv(env) {
        read.push('publisher');
        if (!env.PROBE_REGION) throw new RealtimeError('CONFIG', 'PROBE_REGION is not set', { details: { variable: 'PROBE_REGION' } });
        return { region: env.PROBE_REGION };
      },
      authorizerFromEnv(env) {
        read.push('authorizer');
        return { provider: 'env-probe' as ProviderName, publicConfig: () => ({ region: env.PROBE_REGION }), authorize: async () => ({}) };
      },
    };
    registerProvider('env-probe' as ProviderName, { packageName: 'env-probe', publisher: async () => module });
    await expect(authorizerFromEnv({ REALTIME_PROVIDER: 'env-probe' })).rejects.toMatchObject({ details: { variable: 'PROBE_REGION' } });
    const authorizer = await authorizerFromEnv({ REALTIME_PROVIDER: 'env-probe', PROBE_REGION: 'eu' });
    expect(authorizer.publicConfig()).toEqual({ region: 'eu' });
    const publisher = publisherFromEnv({ REALTIME_PROVIDER: 'env-probe', PROBE_REGION: 'eu' });
    expect((await publisher.describe()).provider).toBe('env-probe:eu');
    expect(await publisherOptionsFromEnv({ REALTIME_PROVIDER: 'env-probe', PROBE_REGION: 'us' })).toEqual({
      provider: 'env-probe',
      region: 'us',
    });
    expect(read).toContain('authorizer');
  });

  it('reads environment values strictly and names the variable', () => {
    const env = { PORT_A: '80', PORT_B: 'eighty', FLAG: 'maybe', URL_A: 'not a url', URL_B: 'ftp://x' };
    expect(portVariable(env, 'PORT_A', 'x')).toBe(80);
    expect(configError(() => portVariable(env, 'PORT_B', 'x')).details).toEqual({ variable: 'PORT_B' });
    expect(configError(() => portVariable({ P: '70000' }, 'P', 'x')).message).toContain('P=70000');
    expect(configError(() => booleanVariable(env, 'FLAG', 'x')).message).toContain('FLAG');
    expect(configError(() => urlVariable(env, 'URL_A', 'x', ['http:'])).message).toContain('URL_A');
    expect(configError(() => urlVariable(env, 'URL_B', 'x', ['http:'])).message).toContain('URL_B');
    expect(configError(() => requiredVariable({ KEY: '  ' }, 'KEY', 'x')).message).toContain('KEY is not set');
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
