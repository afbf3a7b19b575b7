/** Redis for the outbox and the Socket.IO scale-out: required in CI, skipped with a reason elsewhere. */
import { createConnection } from 'node:net';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One PING over a raw socket: enough to know whether Redis answers, without a client library. */
function ping(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}

let check: Promise<boolean> | undefined;

/**
 * Whether the Redis cases run. With CI=true they always do (a missing Redis fails them); elsewhere
 * an unreachable Redis skips them with a message saying why.
 */
export function redisAvailable(): Promise<boolean> {
  if (process.env.CI === 'true') return Promise.resolve(true);
  check ??= ping(REDIS_URL).then((reachable) => {
    if (!reachable) console.info(`[reliability] Redis is not reachable at ${REDIS_URL}: skipping the Redis cases (they run when CI=true)`);
    return reachable;
  });
  return check;
}

/** A stream name no other test file uses. */
export const uniqueStream = (label: string) =>
  `switchboard:test:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
