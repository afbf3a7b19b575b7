import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@switchboard/core/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, handlerWith } from './support/auth-fixtures.js';

const servers: Server[] = [];

async function listen(listener: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/realtime`;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

const form = (fields: Record<string, string>, session = 'session-42') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `session=${session}` },
  body: new URLSearchParams(fields).toString(),
});

describe('toNodeHandler over a real http server', () => {
  it('serves discovery and credentials with the Web handler’s statuses and headers', async () => {
    const { handler, issued } = handlerWith();
    const url = await listen(toNodeHandler(handler));

    const discovery = await fetch(url);
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toEqual({ provider: 'memory', config: {} });

    const granted = await fetch(url, form({ socket_id: '1.2', channel_name: 'progress:user:42' }));
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    expect(((await granted.json()) as { auth: string }).auth).toBe('memory:42:progress:user:42');

    const denied = await fetch(url, form({ channel_name: 'progress:user:7' }));
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).message).toBe('only user 7 may subscribe');

    const anonymous = await fetch(url, form({ channel_name: 'progress:user:42' }, 'nobody'));
    expect(anonymous.status).toBe(401);

    const unknown = await fetch(url, form({ channel_name: 'progress:*' }));
    expect(unknown.status).toBe(400);

    expect(issued.map((entry) => entry.channel)).toEqual(['progress:user:42']);
  });

  it('answers 413 for a body over the Web handler’s cap, and for one over its own hard cap', async () => {
    const { handler, issued } = handlerWith();
    const url = await listen(toNodeHandler(handler, { maxBodyBytes: 64 * 1024 }));
    const overHandlerCap = await fetch(url, form({ channel_name: 'progress:user:42', padding: 'x'.repeat(20_000) }));
    expect(overHandlerCap.status).toBe(413);
    const overNodeCap = await fetch(url, form({ channel_name: 'progress:user:42', padding: 'x'.repeat(200_000) }));
    expect(overNodeCap.status).toBe(413);
    expect((await errorOf(overNodeCap)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(issued).toEqual([]);
  });

  it('reads a body a framework already parsed (express.json / express.urlencoded)', async () => {
    const { handler, issued } = handlerWith();
    const node = toNodeHandler(handler);
    const url = await listen((request, response) => {
      // What body-parser middleware leaves behind: the stream consumed, `req.body` an object.
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        (request as IncomingMessage & { body?: unknown }).body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        void node(request, response);
      });
    });
    const granted = await fetch(url, form({ channel_name: 'progress:user:42' }));
    expect(granted.status).toBe(200);
    const denied = await fetch(url, form({ channel_name: 'progress:user:7' }));
    expect(denied.status).toBe(403);
    expect(issued).toHaveLength(1);
  });

  it('passes failures of the conversion to an Express `next`, or answers 500 without one', async () => {
    const failing = async () => {
      throw new Error('boom at /srv/secret/path');
    };
    const passed: unknown[] = [];
    const withNext = toNodeHandler(failing);
    const url = await listen((request, response) =>
      withNext(request, response, (error) => {
        passed.push(error);
        response.statusCode = 502;
        response.end();
      }),
    );
    expect((await fetch(url)).status).toBe(502);
    expect(String(passed[0])).toContain('boom');

    const bare = await listen(toNodeHandler(failing));
    const response = await fetch(bare);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('/srv/secret');
  });

  it('keeps multiple Set-Cookie headers apart', async () => {
    const url = await listen(
      toNodeHandler(async () => {
        const headers = new Headers({ 'content-type': 'application/json' });
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2; Path=/');
        return new Response('{}', { status: 200, headers });
      }),
    );
    const response = await fetch(url);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });
});
