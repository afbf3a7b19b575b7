/**
 * A CORS front for the Ably emulator. Ably's real REST API answers browsers' cross-origin
 * requests (the SDK's token request is one); the emulator in @switchboard/testing does not yet, so
 * in `--emulators` mode browsers reach it through this proxy, which adds the CORS headers and
 * passes WebSocket upgrades straight through.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';

export interface CorsProxy {
  host: string;
  port: number;
  close(): Promise<void>;
}

function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': request.headers.origin ?? '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
    'access-control-expose-headers': '*',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}

/** Listens on 127.0.0.1 (a free port) and forwards everything to `target`. */
export async function startCorsProxy(target: { host: string; port: number }): Promise<CorsProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders(request)).end();
      return;
    }
    const upstream = httpRequest(
      { host: target.host, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...corsHeaders(request) });
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502, corsHeaders(request));
      response.end();
    });
    request.pipe(upstream);
  });
  server.on('upgrade', (request, client: Socket, head) => {
    const upstream = connect(target.port, target.host, () => {
      const headers = Object.entries(request.headers).flatMap(([name, value]) =>
        Array.isArray(value) ? value.map((item) => `${name}: ${item}`) : [`${name}: ${value}`],
      );
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
