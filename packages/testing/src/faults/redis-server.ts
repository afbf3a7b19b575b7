/**
 * A `redis-server` process of a test's own, on a free port, that the test may kill and restart
 * (Redis outages) without touching the Redis other tests share. Needs the `redis-server` binary.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports.js';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * What survives a kill: `none` (an empty Redis after a restart), or an append-only file fsynced
   * on every write (`aof-always`), so a restart keeps everything Redis acknowledged.
   * @default 'none'
   */
  persistence?: 'none' | 'aof-always';
  /** @default 'redis-server' */
  binary?: string;
  /**
   * The port to listen on. A port below the ephemeral range makes a restart after a long outage
   * safe from another process being handed it meanwhile.
   * @default a free port
   */
  port?: number;
  /** More `redis-server` arguments (`['--rename-command', 'CONFIG', '']`). */
  args?: readonly string[];
}

/** A running Redis process of one's own. */
export interface RedisServer {
  /** The TCP port on 127.0.0.1 (kept across restarts). */
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** SIGKILL: a crash, nothing flushed. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts Redis again on the same port (and data directory); resolves once it answers PING. */
  restart(): Promise<void>;
  /** Starts Redis after {@link RedisServer.kill} (same port and directory); resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the process and removes its data directory. */
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary can be run here. */
export function redisServerInstalled(binary = 'redis-server'): boolean {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts `redis-server` on a free port of 127.0.0.1; resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server';
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-redis-'));
  const persistence = options.persistence === 'aof-always' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    const started = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--dir',
        dir,
        '--protected-mode',
        'no',
        ...persistence,
        ...(options.args ?? []),
      ],
      { stdio: 'ignore' },
    );
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null) throw new Error(`redis-server exited (${started.exitCode}) on port ${port}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async restart() {
      await kill();
      await launch();
    },
    start: launch,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
