/**
 * A local stand-in for Expo's push API, so the push fallback runs offline with the real
 * `expo-server-sdk`: it answers `POST /--/api/v2/push/send` with one ticket per notification and
 * `POST /--/api/v2/push/getReceipts` with ok receipts, and remembers every notification it was
 * handed, for the page to list. It listens on a port of its own (127.0.0.1, a free port) because
 * the SDK takes one absolute base URL, `EXPO_BASE_URL`, when it is first imported.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@switchboard/core/auth';
import { json, jsonError } from '@switchboard-example/kit';

/** One notification as the stand-in received it. */
export interface ReceivedPush {
  /** The device token it was sent to. */
  to: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  receivedAt: string;
}

export interface PushStandIn {
  /** The base URL to give the SDK as `EXPO_BASE_URL`. */
  url: string;
  /** Every notification received, oldest first. */
  received(): readonly ReceivedPush[];
  close(): Promise<void>;
}

/** Expo refuses bigger requests; the SDK chunks to this size, so a bigger one is a bug worth seeing. */
const MAX_NOTIFICATIONS_PER_REQUEST = 100;

async function readBody(request: Request): Promise<unknown> {
  // The SDK gzips bodies over 1 KiB.
  const stream =
    request.headers.get('content-encoding') === 'gzip' && request.body
      ? request.body.pipeThrough(new DecompressionStream('gzip'))
      : request.body;
  return JSON.parse(await new Response(stream).text());
}

function asPush(message: unknown): ReceivedPush | undefined {
  const candidate = message as Record<string, unknown> | null;
  if (typeof candidate?.to !== 'string') return undefined;
  return {
    to: candidate.to,
    title: typeof candidate.title === 'string' ? candidate.title : '',
    body: typeof candidate.body === 'string' ? candidate.body : '',
    data: typeof candidate.data === 'object' && candidate.data !== null ? (candidate.data as Record<string, unknown>) : {},
    receivedAt: new Date().toISOString(),
  };
}

/** Starts the stand-in. */
export async function startPushStandIn(): Promise<PushStandIn> {
  const received: ReceivedPush[] = [];

  async function handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.method !== 'POST') return jsonError(405, 'METHOD_NOT_ALLOWED', 'The push API takes POST requests');
    let body: unknown;
    try {
      body = await readBody(request);
    } catch {
      return jsonError(400, 'VALIDATION_ERROR', 'The body must be JSON');
    }
    if (path === '/--/api/v2/push/send') {
      const messages = Array.isArray(body) ? body : [body];
      if (messages.length > MAX_NOTIFICATIONS_PER_REQUEST) {
        return jsonError(400, 'PUSH_TOO_MANY_NOTIFICATIONS', `At most ${MAX_NOTIFICATIONS_PER_REQUEST} notifications per request`);
      }
      const pushes = messages.map(asPush);
      if (pushes.some((push) => push === undefined)) return jsonError(400, 'VALIDATION_ERROR', '"to" must be a push token string');
      received.push(...(pushes as ReceivedPush[]));
      return json(200, { data: pushes.map(() => ({ status: 'ok', id: randomUUID() })) });
    }
    if (path === '/--/api/v2/push/getReceipts') {
      const ids = (body as { ids?: unknown } | null)?.ids;
      if (!Array.isArray(ids)) return jsonError(400, 'VALIDATION_ERROR', '"ids" must be an array');
      // Every device of the demo is "registered", so every receipt is ok.
      return json(200, { data: Object.fromEntries(ids.map((id) => [String(id), { status: 'ok' }])) });
    }
    return jsonError(404, 'NOT_FOUND', `No push API route ${path}`);
  }

  const server: Server = createServer(toNodeHandler(handle));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
