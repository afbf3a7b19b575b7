/**
 * A TCP proxy standing in for a load balancer in front of hubs. A test decides where new
 * connections go, or refuses them for an outage that lasts exactly as long as it needs: a hub's own
 * `downForMs` is a timer, which a loaded machine can outrun before the test has done its part.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { Hub } from '../src/index.js';

export interface Balancer {
  /** The url clients connect to. */
  url: string;
  /** Sends new connections to `hub`; `undefined` refuses them. Open connections stay where they are. */
  route(hub: Hub | undefined): void;
  close(): Promise<void>;
}

export async function startBalancer(hub: Hub): Promise<Balancer> {
  let target: number | undefined = portOf(hub);
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    if (target === undefined) return void client.destroy();
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
    route(next) {
      target = next ? portOf(next) : undefined;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

function portOf(hub: Hub): number {
  return Number(new URL(hub.url).port);
}
