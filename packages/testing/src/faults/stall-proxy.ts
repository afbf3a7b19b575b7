/**
 * A TCP proxy in front of a server that can make its clients stop reading: the stalled client of a
 * slow network or a frozen tab, whose TCP connection stays open while data piles up at the server.
 */
import { connect, createServer, type Socket } from 'node:net';

/** A running {@link startStallProxy}. */
export interface StallProxy {
  /** `http://127.0.0.1:<port>`: point clients here instead of at the server. */
  readonly url: string;
  /** Open connections stop reading what the server sends (new connections are not stalled). */
  stall(): void;
  /** Stalled connections read again. */
  resume(): void;
  /** Connections currently open through the proxy. */
  connectionCount(): number;
  /** Closes the proxy and every connection through it. */
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  stalled: boolean;
}

/** Starts a proxy on a free port of 127.0.0.1 forwarding to `targetPort` on 127.0.0.1. */
export async function startStallProxy(targetPort: number): Promise<StallProxy> {
  const pairs = new Set<Pair>();
  const proxy = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, stalled: false };
    pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', () => {});
      socket.on('close', () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
    stall() {
      for (const pair of pairs) {
        if (pair.stalled) continue;
        pair.stalled = true;
        pair.upstream.unpipe(pair.client);
        pair.upstream.pause();
      }
    },
    resume() {
      for (const pair of pairs) {
        if (!pair.stalled) continue;
        pair.stalled = false;
        pair.upstream.pipe(pair.client);
        pair.upstream.resume();
      }
    },
    connectionCount: () => pairs.size,
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
