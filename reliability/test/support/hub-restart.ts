/**
 * "Hub restart under default retries": a Socket.IO hub on a fixed port is closed and, `downMs`
 * later, a new hub listens on the same port, in this process and on real sockets, while a publisher
 * with the default retry policy (no `retry` option) streams messages. Publishes that gave up show
 * as `publishFailed`; subscribers reconnect and get a gap for what the restart cost them.
 */
import { createServer } from 'node:net';
import type { RetryOptions } from '@switchboard/core';
import { createHub, type Hub } from '@switchboard/socket-io';
import { type FaultReport, faultChannels, runStreamWithFault, type StreamScenarioOptions } from '@switchboard/testing/faults';
import { clientsOnlyRig } from '../rigs/network-rig.js';
import { HUB_SECRET, socketIoClients } from '../rigs/socket-io-rig.js';

/** A port free right now (the hub takes it next). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HubRestartOptions extends StreamScenarioOptions {
  /** How long no hub listens on the port. @default 2500 */
  downMs?: number;
  /** The publisher's retry policy. @default the default policy (`{}`) */
  retry?: RetryOptions;
}

export async function runHubRestart(options: HubRestartOptions = {}): Promise<FaultReport> {
  const port = await freePort();
  const downMs = options.downMs ?? 2500;
  const start = async () => {
    const hub = createHub({ channels: faultChannels, secret: HUB_SECRET, host: '127.0.0.1', port });
    await hub.listen();
    return hub;
  };
  let hub: Hub = await start();
  try {
    const rig = clientsOnlyRig('socket-io', socketIoClients(`http://127.0.0.1:${port}`));
    const report = await runStreamWithFault(
      rig,
      `hub restarted (${(downMs / 1000).toFixed(1)} s down), default retries`,
      async () => {
        await hub.close();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        hub = await start();
      },
      { at: 0.3, ...options, retry: options.retry ?? {} },
    );
    return report;
  } finally {
    await hub.close();
  }
}
