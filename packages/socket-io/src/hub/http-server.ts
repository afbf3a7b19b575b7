import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';

export function listenOn(server: HttpServer, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts the endpoint in front of the server's request listeners, the way engine.io attaches itself.
 * The returned function turns the endpoint off; the listener stays and passes everything on,
 * because engine.io (attached after it) keeps calling it for requests that are not its own.
 */
export function installEndpoint(server: HttpServer, handle: (request: IncomingMessage, response: ServerResponse) => boolean): () => void {
  const previous = server.listeners('request').slice() as RequestListener[];
  server.removeAllListeners('request');
  let enabled = true;
  const listener: RequestListener = (request, response) => {
    if (enabled && handle(request, response)) return;
    for (const other of previous) other.call(server, request, response);
    if (previous.length === 0 && !response.headersSent) response.writeHead(404).end();
  };
  server.on('request', listener);
  return () => {
    enabled = false;
  };
}
