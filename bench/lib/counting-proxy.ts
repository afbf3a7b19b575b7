/**
 * An HTTP proxy on 127.0.0.1 that forwards everything to one upstream and counts what passes: the
 * requests and the TCP connections publishers open. Both sides of a comparison go through it, so
 * its own cost is shared alike.
 */
import { Agent, createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  readonly host: string;
  readonly port: number;
  /** Requests and client connections since the last reset. */
  counts(): { requests: number; connections: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: { host: string; port: number }): Promise<CountingProxy> {
  let requests = 0;
  let connections = 0;
  // A fresh upstream connection per request: reusing kept-alive ones races with the upstream's
  // keep-alive timeout under a burst of concurrent calls ("socket hang up").
  const agent = new Agent({ keepAlive: false });
  const server = createServer((incoming, outgoing) => {
    requests += 1;
    const relayed = forward(
      { host: upstream.host, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    relayed.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`proxy: ${error.message}`);
    });
    incoming.pipe(relayed);
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    counts: () => ({ requests, connections }),
    reset() {
      requests = 0;
      connections = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
