import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AnyChannelDefinition,
  type Envelope,
  encodeEnvelope,
  type HealthReport,
  jsonSizeOverLimit,
  matchChannel,
  type PresenceConnection,
  parseEnvelopeWithTrace,
  RealtimeError,
  type RealtimeErrorCode,
  userIdProblem,
} from '@switchboard/core';
import { bodySha256, verifyRequest } from '../auth/request-signature.js';
import { PROVIDER } from '../constants.js';
import { type AdminContext, AdminRequestError, adminRoute, READ_ONLY_ACTIONS, TextAnswer } from './admin-routes.js';
import type { ReplayGuard } from './replay-guard.js';

/** One message as the HTTP publish endpoint receives it. */
export interface WireMessage {
  channel: string;
  envelope: Envelope;
}

export interface HttpEndpointContext {
  path: string;
  secret: string;
  /** Hosts signed requests may name besides their `Host` header (the public URL's, behind a proxy). */
  publicHosts: readonly string[];
  channels: readonly AnyChannelDefinition[];
  maxPayloadBytes: number;
  maxRequestBytes: number;
  maxBatchSize: number;
  signatureToleranceMs: number;
  replayGuard: ReplayGuard;
  /** Consumes one injected failure, if any (fault hook). */
  takeInjectedFailure(): boolean;
  publish(messages: WireMessage[]): Promise<void>;
  presenceMembers(channel: string): Promise<PresenceConnection[]>;
  health(): Promise<HealthReport>;
  /** The admin endpoints (metrics, stats, occupancy, disconnect-user); absent: none. */
  admin?: AdminContext | undefined;
  /** Told about every refused request, by reason (for the metrics). */
  refused?(reason: string): void;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: RealtimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const fail = (status: number, code: RealtimeErrorCode, message: string) => new HttpFailure(status, code, message);

/**
 * A refused request's body is read no further than this past what the hub reads anyway, so that
 * the client can read the refusal (closing a socket with unread data resets it); a larger body
 * closes the connection.
 */
const LINGER_BYTES = 65_536;

/**
 * After a refusal: discards at most `allowance` more bytes of the unread body, then closes the
 * connection. Called before the answer is written: once it is, Node would read the rest unbounded.
 */
function discardBody(request: IncomingMessage, response: ServerResponse, allowance: number): void {
  if (request.complete) return;
  const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
  if (declared !== undefined && !(declared <= allowance)) {
    response.once('finish', () => request.socket.destroy());
    return;
  }
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > allowance) request.socket.destroy();
  });
  request.resume();
}

/** Reads a body of at most `limit` bytes; past it, the request is refused and its connection closed. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => fail(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseMessages(body: unknown, context: HttpEndpointContext): WireMessage[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > context.maxBatchSize) {
    throw fail(400, 'MALFORMED_MESSAGE', `Expected { messages: [...] } with 1 to ${context.maxBatchSize} entries`);
  }
  return messages.map((entry: { channel?: unknown; envelope?: unknown } | null) => {
    const channel = entry?.channel;
    const ref = typeof channel === 'string' ? matchChannel(context.channels, channel) : undefined;
    if (!ref) throw fail(400, 'INVALID_CHANNEL', `${JSON.stringify(channel)?.slice(0, 80)} matches no channel definition`);
    let envelope: Envelope;
    try {
      envelope = parseEnvelopeWithTrace(entry?.envelope, PROVIDER);
    } catch (error) {
      // MALFORMED_MESSAGE, or UNSUPPORTED_PROTOCOL for an envelope of a version this hub does not read.
      throw fail(400, RealtimeError.isInstance(error) ? error.code : 'MALFORMED_MESSAGE', (error as Error).message);
    }
    if (!Object.hasOwn(ref.definition.events, envelope.event)) {
      throw fail(400, 'INVALID_EVENT', `Channel "${ref.definition.template}" has no event ${JSON.stringify(envelope.event).slice(0, 80)}`);
    }
    if (envelope.exclude !== undefined && typeof envelope.exclude !== 'string') {
      throw fail(400, 'MALFORMED_MESSAGE', 'envelope.exclude must be a connection id');
    }
    if (envelope.excludeUser !== undefined && (typeof envelope.excludeUser !== 'string' || userIdProblem(envelope.excludeUser))) {
      throw fail(400, 'MALFORMED_MESSAGE', 'envelope.excludeUser must be a user id');
    }
    // Measured as it goes out (version 2), with a bound that serializes only messages near the limit.
    const size = jsonSizeOverLimit(encodeEnvelope(envelope), context.maxPayloadBytes);
    if (size !== undefined) {
      throw fail(413, 'PAYLOAD_TOO_LARGE', `Message of ${size} bytes; the hub accepts at most ${context.maxPayloadBytes}`);
    }
    return { channel: ref.name, envelope };
  });
}

async function route(action: string, body: unknown, context: HttpEndpointContext): Promise<unknown> {
  switch (action) {
    case 'publish': {
      const messages = parseMessages(body, context);
      if (context.takeInjectedFailure()) throw fail(503, 'PROVIDER_UNAVAILABLE', 'Injected failure (fault hook)');
      await context.publish(messages);
      return { accepted: messages.length };
    }
    case 'presence': {
      const channel = (body as { channel?: unknown } | null)?.channel;
      const ref = typeof channel === 'string' ? matchChannel(context.channels, channel) : undefined;
      if (ref?.definition.access !== 'presence') throw fail(400, 'INVALID_CHANNEL', 'Expected { channel } naming a presence channel');
      return { members: await context.presenceMembers(ref.name) };
    }
    case 'health':
      return context.health();
    default: {
      const answer = context.admin ? await adminRoute(action, body, context.admin).catch(adminFailure) : undefined;
      if (answer !== undefined) return answer;
      throw fail(404, 'CONFIG', `Unknown endpoint ${context.path}/${action.slice(0, 40)}`);
    }
  }
}

/** A refusal's reason as one of a few metric labels (the messages carry numbers). */
function refusalKind(message: string): string {
  for (const kind of ['missing', 'malformed', 'clock skew', 'timestamp', 'replayed', 'digest', 'bad signature']) {
    if (message.includes(kind)) return kind.replace(' ', '-');
  }
  return 'other';
}

const adminFailure = (error: unknown): never => {
  throw error instanceof AdminRequestError ? fail(400, 'CONFIG', error.message) : error;
};

/**
 * The hub's authenticated HTTP endpoints for publishers in other processes: `POST <path>/publish`,
 * `<path>/presence`, `<path>/health` and the admin endpoints (admin-routes.ts). Every request is signed (see request-signature.ts); nothing
 * is delivered unless the whole batch is valid. Returns false for requests outside `path`.
 */
export function createHttpEndpoint(context: HttpEndpointContext): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const pathname = (request.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(`${context.path}/`)) return false;
    const action = pathname.slice(context.path.length + 1);
    let bodyRead = false;
    const send = (status: number, payload: unknown) => {
      if (response.headersSent) return;
      // The hub never reads much past the cap: an unread body is discarded within bounds, or the connection closed.
      if (status === 413) discardBody(request, response, LINGER_BYTES);
      else if (!bodyRead) discardBody(request, response, context.maxRequestBytes);
      if (payload instanceof TextAnswer) {
        response.writeHead(status, { 'content-type': payload.contentType, 'cache-control': 'no-store' });
        response.end(payload.text);
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(payload));
    };
    const handle = async () => {
      const readOnly = request.method === 'GET' && context.admin !== undefined && READ_ONLY_ACTIONS.has(action);
      if (request.method !== 'POST' && !readOnly) throw fail(405, 'CONFIG', 'Use POST');
      // The signature covers method, host, path and the body's digest: checked before any body is read.
      const verdict = await verifyRequest(
        context.secret,
        {
          method: request.method ?? 'POST',
          hosts: [request.headers.host ?? '', ...context.publicHosts],
          path: request.url ?? '',
          headers: request.headers,
        },
        { toleranceMs: context.signatureToleranceMs },
      );
      if (!verdict.ok) throw fail(401, 'UNAUTHORIZED', `Request refused: ${verdict.reason}`);
      if (!(await context.replayGuard.firstSeen(verdict.nonce))) throw fail(401, 'UNAUTHORIZED', 'Request refused: replayed request');
      const bytes = await readBody(request, context.maxRequestBytes);
      bodyRead = true;
      if ((await bodySha256(new Uint8Array(bytes))) !== verdict.contentSha256) {
        throw fail(401, 'UNAUTHORIZED', 'Request refused: the body does not match its signed digest');
      }
      let body: unknown;
      try {
        // A signed GET (a metrics scrape) has no body.
        body = readOnly && bytes.length === 0 ? {} : JSON.parse(bytes.toString('utf8'));
      } catch {
        throw fail(400, 'MALFORMED_MESSAGE', 'Request body is not valid JSON');
      }
      send(200, await route(action, body ?? {}, context));
    };
    handle().catch((error: unknown) => {
      if (error instanceof HttpFailure) {
        if (error.status === 401) context.refused?.(refusalKind(error.message));
        return send(error.status, { error: { code: error.code, message: error.message } });
      }
      const code = RealtimeError.isInstance(error) ? error.code : 'PROVIDER_UNAVAILABLE';
      if (!RealtimeError.isInstance(error)) console.error('[switchboard] socket-io hub endpoint failed', error);
      send(code === 'PROVIDER_UNAVAILABLE' ? 503 : 400, { error: { code, message: (error as Error).message } });
    });
    return true;
  };
}
