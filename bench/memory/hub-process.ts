/**
 * A hub alone in its process, started with --expose-gc, so its heap can be read after a full
 * collection: Switchboard's hub (argv `switchboard`) or the raw Socket.IO server (argv `raw`, or
 * `raw-recovery` with connection-state recovery on, as the hub always has it).
 */
import { createHub } from '@switchboard/socket-io';
import { BENCH_SECRET, benchFeed } from '../lib/bench-channel.js';
import { collectGarbage } from '../lib/clock.js';
import { startRawSocketIoServer } from '../lib/raw-socket-io-server.js';

export type HubCommand = { type: 'heap' };
export type HubReply = { type: 'ready'; url: string } | { type: 'heap'; heapUsed: number; connections: number };

const kind = process.argv[2];

async function start(): Promise<{ url: string; connections(): number }> {
  if (kind === 'switchboard') {
    const hub = createHub({ channels: [benchFeed], secret: BENCH_SECRET, port: 0, host: '127.0.0.1', allowAnonymous: true });
    await hub.listen();
    return { url: hub.url, connections: () => hub.connectionCount() };
  }
  const server = await startRawSocketIoServer({ recovery: kind === 'raw-recovery' });
  return { url: server.url, connections: () => server.io.of('/').sockets.size };
}

/** Heap after the collector settled: several full collections, letting finalizers run in between. */
async function settledHeap(): Promise<number> {
  for (let round = 0; round < 4; round += 1) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const hub = await start();
process.on('message', (command: HubCommand) => {
  if (command.type !== 'heap') return;
  settledHeap().then((heapUsed) => process.send?.({ type: 'heap', heapUsed, connections: hub.connections() } satisfies HubReply));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url: hub.url } satisfies HubReply);
