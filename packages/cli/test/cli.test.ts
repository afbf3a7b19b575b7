/**
 * The `switchboard` CLI as a process, against a real Socket.IO hub, the Pusher and Ably emulators
 * and Redis: doctor says what is wrong in plain words, publish validates against the contract,
 * tail prints live events, presence lists members, history reads the Redis history store.
 */
import { redisHistory } from '@switchboard/core/history';
import { createHub, type Hub, signHubToken, socketIoPublisher } from '@switchboard/socket-io';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
import { waitFor } from '@switchboard/testing';
import { startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { conformanceChannels, presenceRoom, publicRoom } from '@switchboard/testing/conformance';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, cli, runCli } from './run-cli.js';

const SECRET = 'cli-secret-0123456789abcdef-0123456789ab';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let sequence = 0;
const unique = (label: string) => {
  sequence += 1;
  return `${label}${Date.now().toString(36)}${sequence}`;
};

async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const withRedis = process.env.CI === 'true' || (await redisAvailable());
if (!withRedis) console.info('[cli tests] no Redis at REDIS_URL: skipping history (runs in CI)');

describe('the switchboard CLI', () => {
  let hub: Hub;
  let env: Record<string, string>;
  beforeAll(async () => {
    hub = createHub({
      channels: conformanceChannels,
      secret: SECRET,
      host: '127.0.0.1',
      port: 0,
      allowAnonymous: true,
      presenceGraceMs: 50,
    });
    await hub.listen();
    env = { REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: hub.url, SOCKET_IO_SECRET: SECRET };
  });
  afterAll(() => hub.close());

  it('doctor: healthy hub → exit 0 with ✓ lines', async () => {
    const { code, stdout } = await cli(['doctor'], env);
    expect(stdout).toContain('✓ provider: socket-io');
    expect(stdout).toContain('✓ socket-io answers');
    expect(stdout).toContain('All good.');
    expect(code).toBe(0);
  }, 60_000);

  it('doctor: names a missing variable, a refused secret and an unreachable hub in plain words → exit 1', async () => {
    const missing = await cli(['doctor'], { REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: hub.url });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✗ .*SOCKET_IO_SECRET/);
    expect(missing.stdout).toContain('Something is wrong');
    expect(missing.stderr).toBe('');
    const refused = await cli(['doctor'], { ...env, SOCKET_IO_SECRET: 'wrong-secret-0123456789abcdef-0123456789' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('refused the credentials: check SOCKET_IO_SECRET');
    const down = await cli(['doctor'], { ...env, SOCKET_IO_URL: 'http://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('does not answer');
    const unknown = await cli(['doctor'], { REALTIME_PROVIDER: 'carrier-pigeon' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('✗ REALTIME_PROVIDER');
  }, 120_000);

  it('doctor: checks the Pusher and Ably emulators through the same variables', async () => {
    const pusher = await startPusherEmulator({ appId: '1', key: 'cli-key', secret: 'cli-secret' });
    const ably = await startAblyEmulator({ keys: ['cli.app:cli-secret'] });
    try {
      const pusherEnv = {
        REALTIME_PROVIDER: 'pusher',
        PUSHER_APP_ID: '1',
        PUSHER_KEY: 'cli-key',
        PUSHER_SECRET: 'cli-secret',
        PUSHER_HOST: pusher.host,
        PUSHER_PORT: String(pusher.port),
        PUSHER_USE_TLS: 'false',
      };
      expect((await cli(['doctor'], pusherEnv)).code).toBe(0);
      const wrong = await cli(['doctor'], { ...pusherEnv, PUSHER_SECRET: 'nope' });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain('check PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET');
      const ablyEnv = {
        REALTIME_PROVIDER: 'ably',
        ABLY_API_KEY: 'cli.app:cli-secret',
        ABLY_ENDPOINT: ably.host,
        ABLY_PORT: String(ably.port),
        ABLY_TLS: 'false',
      };
      const healthy = await cli(['doctor'], ablyEnv);
      expect(healthy.stdout).toContain('✓ ably answers');
      expect(healthy.code).toBe(0);
    } finally {
      await pusher.close();
      await ably.close();
    }
  }, 120_000);

  it('publish: validates against the contract, publishes, and prints the id a subscriber receives', async () => {
    const channel = publicRoom({ room: unique('publish') });
    const subscriber = socketIoSubscriber({ url: hub.url });
    const received: Array<{ id: string; n: number }> = [];
    await subscriber.subscribe(channel, 'note', (data, meta) => received.push({ id: meta.id, n: data.n })).ready;
    const ok = await cli(['publish', channel.name, 'note', '{"text":"hi","n":7}', '--contract', CONTRACT], env);
    expect(ok.code).toBe(0);
    const { id } = JSON.parse(ok.stdout) as { id: string };
    await waitFor(() => received.length === 1, 10_000, 'the published note');
    expect(received).toEqual([{ id, n: 7 }]);
    const invalid = await cli(['publish', channel.name, 'note', '{"text":"hi","n":"seven"}', '--contract', CONTRACT], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('VALIDATION_FAILED');
    const noEvent = await cli(['publish', channel.name, 'nope', '{}', '--contract', CONTRACT], env);
    expect(noEvent.stderr).toContain('has no event "nope"');
    const noChannel = await cli(['publish', 'nowhere:1', 'note', '{}', '--contract', CONTRACT], env);
    expect(noChannel.stderr).toContain('matches none of the contract');
    const noContract = await cli(['publish', channel.name, 'note', '{}'], env);
    expect(noContract.stderr).toContain('--contract');
    expect(received).toHaveLength(1);
    await subscriber.close();
  }, 120_000);

  it('tail: prints each live event of the channel as a JSON line', async () => {
    const channel = publicRoom({ room: unique('tail') });
    const tail = runCli(['tail', channel.name, '--contract', CONTRACT], env);
    try {
      await waitFor(() => tail.stderr().includes('tailing'), 60_000, `tail to start (${tail.stderr()})`);
      const publisher = socketIoPublisher({ hub });
      const { id } = await publisher.publish(channel, 'note', { text: 'live', n: 1 });
      await waitFor(() => tail.stdout().includes(id), 10_000, 'the event in the tail');
      expect(JSON.parse(tail.stdout().trim().split('\n')[0] as string)).toMatchObject({
        channel: channel.name,
        event: 'note',
        id,
        data: { text: 'live', n: 1 },
      });
      await publisher.close();
    } finally {
      tail.child.kill('SIGTERM');
      expect(await tail.exited).toBe(0);
    }
  }, 90_000);

  it('presence: lists the members of a presence channel', async () => {
    const channel = presenceRoom({ room: unique('presence') });
    const subscriber = socketIoSubscriber({ url: hub.url, token: () => signHubToken({ user: { id: 'grace' }, secret: SECRET }) });
    await subscriber.subscribe(channel, 'note', () => {}).ready;
    await subscriber.presence(channel).enter({ name: 'Grace' });
    const { code, stdout } = await cli(['presence', channel.name, '--contract', CONTRACT], env);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { members: Array<{ userId: string }> }).members.map((member) => member.userId)).toEqual(['grace']);
    await subscriber.close();
  }, 60_000);

  it.runIf(withRedis)(
    'history: prints the retained messages from the Redis history store',
    async () => {
      const prefix = unique('cli-history:');
      const channel = publicRoom({ room: unique('history') });
      const history = redisHistory({ url: REDIS_URL, prefix, allowVolatileRedis: true });
      const publisher = socketIoPublisher({ hub, history });
      await publisher.publish(channel, 'note', { text: 'one', n: 1 });
      await publisher.publish(channel, 'note', { text: 'two', n: 2 });
      await publisher.close();
      const { code, stdout, stderr } = await cli(['history', channel.name, '--contract', CONTRACT, '--prefix', prefix], {
        ...env,
        REDIS_URL,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text) as { data: { n: number } });
      expect(lines.map((line) => line.data.n)).toEqual([1, 2]);
      const without = await cli(['history', channel.name, '--contract', CONTRACT], env);
      expect(without.stderr).toContain('REDIS_URL');
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
    60_000,
  );
});
