/**
 * Runs a Web-standard handler on Node's `http` server or Express: IncomingMessage → Request,
 * Response → ServerResponse. Frameworks with Web requests (Next.js, Hono, Netlify) need none of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from './error-response.js';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * Hard cap on the body buffered before the Web handler sees it (which applies its own, smaller
   * cap); bigger uploads are read without being stored and answered 413.
   * @default 1048576
   */
  maxBodyBytes?: number;
  /**
   * Builds the request URL from `X-Forwarded-Proto` / `X-Forwarded-Host`; enable only behind a proxy
   * that sets them.
   * @default false
   */
  trustProxy?: boolean;
}

/** A Node `http` request listener that is also an Express middleware. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

class BodyTooLarge extends Error {}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

function requestUrl(request: NodeRequest, trustProxy: boolean): string {
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  const protocol = (trustProxy && firstHeader(request.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  const host = (trustProxy && firstHeader(request.headers['x-forwarded-host'])) || request.headers.host || 'localhost';
  const path = request.originalUrl ?? request.url ?? '/';
  try {
    return new URL(path, `${protocol}://${host}`).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').href;
  }
}

function requestHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] as string;
    if (!name.startsWith(':')) headers.append(name, raw[index + 1] as string);
  }
  return headers;
}

/**
 * Buffers the body, storing at most `maxBytes`. Past the cap the rest is read and dropped, and the
 * 413 goes out once the upload ended: answering mid-upload makes clients see a reset, not the 413.
 */
function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    request.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.once('end', () => (total > maxBytes ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    request.once('error', reject);
  });
}

/** The body when a framework (express.json, express.urlencoded) already consumed the stream. */
function parsedBody(request: NodeRequest, headers: Headers): Buffer | string | undefined {
  const body = request.body;
  if (body === undefined || !request.readableEnded) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return JSON.stringify(body);
}

async function writeResponse(target: ServerResponse, response: Response): Promise<void> {
  target.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') target.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) target.setHeader('set-cookie', cookies);
  target.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * Adapts a Web handler to Node `http` / Express.
 *
 * @example
 * app.all('/api/realtime', toNodeHandler(createAuthHandler({ … })));
 * http.createServer(toNodeHandler(handler)).listen(3000);
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>, options: NodeHandlerOptions = {}): NodeHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const trustProxy = options.trustProxy ?? false;
  return async (request, response, next) => {
    try {
      const method = request.method ?? 'GET';
      const headers = requestHeaders(request);
      let body: Uint8Array<ArrayBuffer> | string | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const raw = parsedBody(request, headers) ?? (await readNodeBody(request, maxBodyBytes));
        body = typeof raw === 'string' ? raw : new Uint8Array(raw);
      }
      const webRequest = new Request(requestUrl(request, trustProxy), { method, headers, ...(body === undefined ? {} : { body }) });
      await writeResponse(response, await handler(webRequest));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return writeResponse(response, errorResponse(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBodyBytes} bytes`));
      }
      if (next) return next(error);
      if (!response.headersSent) return writeResponse(response, errorResponse(500, 'INTERNAL', 'Internal error'));
      response.destroy(error instanceof Error ? error : undefined);
    }
  };
}
