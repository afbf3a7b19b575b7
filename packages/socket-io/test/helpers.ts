/** Shared test setup: hubs on ephemeral ports, subscribers with per-user tokens, Redis detection. */
import type { AccessRules, AnyChannelDefinition, AuthUser, RealtimeSubscriber, SubscriberCoreOptions } from '@switchboard/core';
import { Redis } from 'ioredis';
import { createHub, type Hub, type HubOptions, signHubToken } from '../src/index.js';
import { type SocketIoSubscriberOptions, socketIoSubscriber } from '../src/subscriber/index.js';

export const SECRET = 'test-secret-0123456789abcdef-0123456789';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startHub(
  channels: readonly AnyChannelDefinition[],
  options: Partial<HubOptions> & { rules?: AccessRules } = {},
): Promise<Hub> {
  // The suites use anonymous subscribers on public channels; hubs refuse them unless enabled.
  const hub = createHub({ channels, secret: SECRET, host: '127.0.0.1', port: 0, presenceGraceMs: 100, allowAnonymous: true, ...options });
  await hub.listen();
  return hub;
}

/** A subscriber that signs in as `user` with a fresh hub token at every (re)connection. */
export function subscriberFor(
  url: string,
  user: AuthUser | undefined,
  options: SubscriberCoreOptions & Partial<SocketIoSubscriberOptions> = {},
): RealtimeSubscriber {
  return socketIoSubscriber({
    url,
    ...(user ? { token: () => signHubToken({ user, secret: SECRET }) } : {}),
    reconnectionDelayMs: 50,
    reconnectionDelayMaxMs: 250,
    requestTimeoutMs: 8000,
    ...options,
  });
}

let redisCheck: Promise<boolean> | undefined;

/**
 * Whether Redis answers. Outside CI a missing Redis skips the Redis tests with a message; in CI
 * (CI=true) they must run, so the check is not even made there and a missing Redis fails them.
 */
export function redisAvailable(): Promise<boolean> {
  if (process.env.CI === 'true') return Promise.resolve(true);
  redisCheck ??= (async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      console.info(`[socket-io tests] Redis is not reachable at ${REDIS_URL}: skipping the Redis tests (they run when CI=true)`);
      return false;
    } finally {
      client.disconnect();
    }
  })();
  return redisCheck;
}
