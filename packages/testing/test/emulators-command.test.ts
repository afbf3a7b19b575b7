/**
 * `pnpm emulators` / `npx switchboard-emulators` as a developer runs it: a child process whose printed
 * `export` lines are all a dev server gets. The real SDKs, configured from those lines only, publish
 * and receive on each emulator; SIGINT to the process group (Ctrl-C) stops it with exit code 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { publisherFromEnv, publisherOptionsFromEnv } from '@switchboard/core';
import Ably from 'ably';
import PusherServer from 'pusher';
import PusherClient from 'pusher-js';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../src/wait.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packageRoot = fileURLToPath(new URL('../', import.meta.url));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs what `pnpm emulators` runs, in its own process group like a terminal job. */
function runEmulators(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(`${repositoryRoot}node_modules/.bin/tsx`, ['--conditions=@switchboard/source', 'scripts/emulators.ts', ...args], {
    cwd: repositoryRoot,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The `export NAME=value` lines of each printed block, keyed by the block's REALTIME_PROVIDER. */
function exportedBlocks(output: string): Record<string, Record<string, string>> {
  const blocks: Record<string, Record<string, string>> = {};
  for (const paragraph of output.split(/\n\s*\n/)) {
    const variables: Record<string, string> = {};
    for (const match of paragraph.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) variables[match[1] as string] = match[2] as string;
    if (variables.REALTIME_PROVIDER) blocks[variables.REALTIME_PROVIDER] = variables;
  }
  return blocks;
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function occupyPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('the emulators command', () => {
  let running: Running | undefined;
  let blocker: Server | undefined;
  const cleanups: (() => unknown)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    const pid = running?.child.pid;
    if (pid && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    running = undefined;
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
  });

  it('prints the variables publisherFromEnv reads; the real SDKs configured from them publish and receive on each emulator; Ctrl-C exits 0', async () => {
    // Port 0 by flag (Pusher) and by variable (Ably), so a developer's running emulators do not collide.
    running = runEmulators(['--pusher-port', '0'], { SWITCHBOARD_ABLY_PORT: '0' });
    const { output } = running;
    await waitFor(() => output().includes('Ready.'), 30_000, `the Ready line of the emulators command:\n${output()}`);
    const { pusher: pusherEnv, ably: ablyEnv } = exportedBlocks(output());

    expect(pusherEnv).toEqual({
      REALTIME_PROVIDER: 'pusher',
      PUSHER_APP_ID: 'switchboard-dev',
      PUSHER_KEY: 'switchboard-dev-key',
      PUSHER_SECRET: 'switchboard-dev-secret',
      PUSHER_HOST: '127.0.0.1',
      PUSHER_PORT: expect.stringMatching(/^\d+$/),
      PUSHER_USE_TLS: 'false',
    });
    expect(ablyEnv).toEqual({
      REALTIME_PROVIDER: 'ably',
      ABLY_API_KEY: 'switchboard-dev.local:switchboard-dev-secret',
      ABLY_ENDPOINT: '127.0.0.1',
      ABLY_PORT: expect.stringMatching(/^\d+$/),
      ABLY_TLS: 'false',
    });
    if (!pusherEnv || !ablyEnv) throw new Error('unreachable');

    // publisherFromEnv reads exactly these lines, and its signed health call reaches the emulator.
    expect(await publisherOptionsFromEnv(pusherEnv)).toMatchObject({
      host: '127.0.0.1',
      port: Number(pusherEnv.PUSHER_PORT),
      useTLS: false,
    });
    expect(await publisherOptionsFromEnv(ablyEnv)).toMatchObject({ endpoint: '127.0.0.1', port: Number(ablyEnv.ABLY_PORT), tls: false });
    for (const env of [pusherEnv, ablyEnv]) {
      const publisher = publisherFromEnv(env);
      cleanups.push(() => publisher.close());
      expect(await publisher.health(), env.REALTIME_PROVIDER).toMatchObject({ status: 'healthy' });
    }

    // Pusher: the `pusher` server SDK publishes, a `pusher-js` client receives.
    const browser = new PusherClient(pusherEnv.PUSHER_KEY as string, {
      cluster: 'local',
      wsHost: pusherEnv.PUSHER_HOST,
      wsPort: Number(pusherEnv.PUSHER_PORT),
      forceTLS: pusherEnv.PUSHER_USE_TLS !== 'false',
      enabledTransports: ['ws'],
    });
    cleanups.push(() => browser.disconnect());
    const pusherReceived: unknown[] = [];
    const channel = browser.subscribe('dev-emulators');
    channel.bind('hello', (data: unknown) => pusherReceived.push(data));
    await new Promise<void>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', () => resolve());
      channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(JSON.stringify(error))));
    });
    const server = new PusherServer({
      appId: pusherEnv.PUSHER_APP_ID as string,
      key: pusherEnv.PUSHER_KEY as string,
      secret: pusherEnv.PUSHER_SECRET as string,
      host: pusherEnv.PUSHER_HOST as string,
      port: pusherEnv.PUSHER_PORT as string,
      useTLS: pusherEnv.PUSHER_USE_TLS !== 'false',
    });
    expect((await server.trigger('dev-emulators', 'hello', { via: 'pusher' })).status).toBe(200);
    await waitFor(() => pusherReceived.length === 1, 10_000, 'the Pusher message');
    expect(pusherReceived).toEqual([{ via: 'pusher' }]);

    // Ably: an `ably` REST client publishes, an `ably` realtime client receives.
    const ablyHost = {
      key: ablyEnv.ABLY_API_KEY as string,
      endpoint: ablyEnv.ABLY_ENDPOINT as string,
      port: Number(ablyEnv.ABLY_PORT),
      tls: ablyEnv.ABLY_TLS !== 'false',
      useBinaryProtocol: false,
    };
    const realtime = new Ably.Realtime({ ...ablyHost, transports: ['web_socket'] });
    cleanups.push(() => realtime.close());
    const ablyReceived: unknown[] = [];
    await realtime.channels.get('dev-emulators').subscribe('hello', (message) => {
      ablyReceived.push(message.data);
    });
    await new Ably.Rest(ablyHost).channels.get('dev-emulators').publish('hello', { via: 'ably' });
    await waitFor(() => ablyReceived.length === 1, 10_000, 'the Ably message');
    expect(ablyReceived).toEqual([{ via: 'ably' }]);

    for (const cleanup of cleanups.splice(0)) await cleanup();
    const groupId = running.child.pid as number;
    process.kill(-groupId, 'SIGINT');
    expect(await running.exited).toBe(0);
    await waitFor(() => !groupAlive(groupId), 10_000, 'every process of the command to exit');
    expect(output()).toContain('Stopped.');
    for (const port of [pusherEnv.PUSHER_PORT, ablyEnv.ABLY_PORT]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });

  it('names the taken port and the flag that picks another, and exits 1 without leaving the other emulator running', async () => {
    blocker = await occupyPort();
    const taken = (blocker.address() as { port: number }).port;
    running = runEmulators(['--ably-port', String(taken)], { SWITCHBOARD_PUSHER_PORT: '0' });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(`Port ${taken} is already in use`);
    expect(running.output()).toContain('--ably-port <port>');
    expect(running.output()).not.toContain('Ready.');
  });

  it('refuses a malformed port with the flag or variable that held it (exit 2)', async () => {
    running = runEmulators(['--pusher-port', '70000']);
    expect(await running.exited).toBe(2);
    expect(running.output()).toContain('--pusher-port 70000 is not a port');
    running = runEmulators(['--only', 'ably'], { SWITCHBOARD_ABLY_PORT: 'next' });
    expect(await running.exited).toBe(2);
    expect(running.output()).toContain('SWITCHBOARD_ABLY_PORT=next is not a port');
  });

  it('ships as the switchboard-emulators bin of @switchboard/testing, built from the same source', () => {
    const manifest = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { bin: Record<string, string>; files: string[] };
    const bin = manifest.bin['switchboard-emulators'];
    expect(bin).toBe('./dist/bin/switchboard-emulators.js');
    expect(existsSync(`${packageRoot}src/bin/switchboard-emulators.ts`)).toBe(true);
    expect(readFileSync(`${repositoryRoot}scripts/emulators.ts`, 'utf8')).toContain('packages/testing/src/bin/switchboard-emulators.js');
    expect(readFileSync(`${packageRoot}src/bin/switchboard-emulators.ts`, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
