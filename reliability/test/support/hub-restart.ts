/**
 * "Hub restart under default retries": a Socket.IO hub on a fixed port is closed and, `downMs`
 * later, a new hub listens on the same port, in this process and on real sockets, while a publisher
 * with the default retry policy (no `retry` option) streams messages. Publishes that gave up show
 * as `publishFailed`; subscribers reconnect and get a gap for what the restart cost them.
 */

import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { RetryOptions } from '@switchboard/core';
import { createHub, type Hub } from '@switchboard/socket-io';
import { type FaultReport, faultChannels, runStreamWithFault, type StreamScenarioOptions } from '@switchboard/testing/faults';
import { clientsOnlyRig } from '../rigs/network-rig.js';
import { HUB_SECRET, socketIoClients } from '../rigs/socket-io-rig.js';

/**
 * A free port below the ephemeral range (32768 and up on Linux), so that while the hub is down no
 * `listen(0)` or outgoing connection of a parallel test can be handed the port the hub comes back on.
 */
export async function restartablePort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(candidate, '127.0.0.1', () => resolve(true));
    });
    if (!free) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return candidate;
  }
}

export interface HubRestartOptions extends StreamScenarioOptions {
  /** How long no hub listens on the port. @default 2500 */
  downMs?: number;
  /** The publisher's retry policy. @default the default policy (`{}`) */
  retry?: RetryOptions;
}

export async function runHubRestart(options: HubRestartOptions = {}): Promise<FaultReport> {
  const port = await restartablePort();
  const downMs = options.downMs ?? 2500;
  /** A hub on an HTTP server of its own, so "down" drops every connection at once, as a dead process does. */
  const start = async () => {
    const server = createHttpServer();
    const hub = createHub({ channels: faultChannels, secret: HUB_SECRET, server, allowAnonymous: true });
    await hub.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return { hub, server };
  };
  const stop = async (running: { hub: Hub; server: HttpServer }) => {
    // Closing only the listener would wait for publishers' keep-alive connections, which stay busy.
    const closed = new Promise<void>((resolve) => running.server.close(() => resolve()));
    running.server.closeAllConnections();
    await running.hub.close();
    await closed;
  };
  let running = await start();
  try {
    const rig = clientsOnlyRig('socket-io (one hub)', socketIoClients(`http://127.0.0.1:${port}`));
    return await runStreamWithFault(
      rig,
      `hub restarted (${(downMs / 1000).toFixed(1)} s down), default retries`,
      async () => {
        await stop(running);
        await new Promise((resolve) => setTimeout(resolve, downMs));
        running = await start();
      },
      { at: 0.3, ...options, retry: options.retry ?? {} },
    );
  } finally {
    await stop(running);
  }
}
