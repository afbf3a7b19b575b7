import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Whether any process of the group `groupId` is still alive. */
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
    const server = createServer((_request, response) => response.end('someone else'));
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('pnpm demo', () => {
  let child: ChildProcess | undefined;
  let blocker: Server | undefined;

  afterEach(async () => {
    if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  });

  it('starts every example on a free port when PORT is taken, answers there, and stops on SIGINT with no process left', async () => {
    blocker = await occupyPort();
    const takenPort = (blocker.address() as AddressInfo).port;
    // Its own process group, like a terminal job, so SIGINT reaches it the way Ctrl-C does.
    const started = spawn(`${repositoryRoot}node_modules/.bin/pnpm`, ['demo'], {
      cwd: repositoryRoot,
      detached: true,
      env: { ...process.env, PORT: String(takenPort), REALTIME_PROVIDER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    const url = await waitFor(() => /Ready: (http:\/\/\S+?)\/?\s/.exec(output)?.[1], 60_000, 'the Ready line of pnpm demo');
    expect(output).toContain(`Port ${takenPort} is taken`);
    expect(output).toContain('Socket.IO (embedded hub)');
    expect(new URL(url).port).not.toBe(String(takenPort));

    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    for (const example of ['progress', 'conversations', 'sms']) expect(html).toContain(`href="/${example}/"`);
    expect((await fetch(`${url}/progress/`)).status).toBe(200);
    expect(await (await fetch(`${url}/sms/api/realtime`)).json()).toMatchObject({ provider: 'socket-io' });

    const groupId = started.pid as number;
    const exited = new Promise((resolve) => started.once('exit', resolve));
    process.kill(-groupId, 'SIGINT');
    await exited;
    await waitFor(() => !groupAlive(groupId), 15_000, 'every process of the demo to exit');
    expect(output).toContain('Stopped.');
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});
