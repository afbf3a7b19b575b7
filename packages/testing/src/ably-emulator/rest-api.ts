/**
 * The REST API: `/time`, `requestToken`, channel publish/history/presence, batch publish. JSON
 * only (clients set `useBinaryProtocol: false`), with Ably's error format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AblyError, errors, sendRestError, toAblyError } from './ably-error.js';
import { requireOperation } from './capability.js';
import type { ChannelStore } from './channel-store.js';
import type { Credential, CredentialStore } from './credentials.js';
import { preparePublish, readMessages } from './publish-rules.js';

/** Faults and delays the test hooks set. */
export interface RestFaults {
  /** Publish, history and presence requests still to fail. */
  failures: number;
  failureStatus: number;
  latencyMs: number;
  /** Channel → how many more batch publishes fail on that channel alone, and with which status. */
  batchChannelFailures: Map<string, { remaining: number; status: number }>;
}

export interface RestContext {
  credentials: CredentialStore;
  channels: ChannelStore;
  maxMessageSize: number;
  faults: RestFaults;
}

/** Ably's largest REST request body (the batch-publish limit, 2 MiB). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Most distinct channels one batch publish may name (90010 beyond). */
const MAX_BATCH_CHANNELS = 100;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.includes('msgpack')) {
    throw errors.badRequest('This emulator speaks JSON: create the client with useBinaryProtocol: false');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw errors.bodyTooLarge(size, MAX_BODY_BYTES);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw errors.invalidBody('Unable to parse request body: not valid JSON');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function injectedFailure(status: number): AblyError {
  return status === 429
    ? new AblyError(42910, 429, 'Rate limit exceeded (injected)')
    : new AblyError(status * 100, status, 'Internal error (injected by the emulator)');
}

function publishTo(context: RestContext, credential: Credential, channel: string, body: unknown): string[] {
  requireOperation(credential.capability, channel, 'publish');
  const prepared = preparePublish(readMessages(body), credential, {
    maxMessageSize: context.maxMessageSize,
    now: context.channels.clock(),
  });
  context.channels.publish(channel, prepared);
  return prepared.map((message) => message.id);
}

/** The injected failure of `channel` in this batch, if a fault hook asked for one. */
function batchChannelFault(context: RestContext, channel: string): AblyError | undefined {
  const fault = context.faults.batchChannelFailures.get(channel);
  if (!fault || fault.remaining <= 0) return undefined;
  fault.remaining -= 1;
  if (fault.remaining === 0) context.faults.batchChannelFailures.delete(channel);
  return injectedFailure(fault.status);
}

function batchPublish(context: RestContext, credential: Credential, body: unknown): unknown[] {
  const specs = Array.isArray(body) ? body : [body];
  const parsed = specs.map((spec) => {
    const { channels, messages } = (spec ?? {}) as { channels?: unknown; messages?: unknown };
    const names = Array.isArray(channels) ? channels : [channels];
    if (names.length === 0 || names.some((name) => typeof name !== 'string' || name === '') || messages === undefined) {
      throw errors.invalidBody('Each batch spec needs channels and messages');
    }
    return { names: names as string[], messages };
  });
  // Checked on the whole request before anything is published, as Ably does.
  const distinct = new Set(parsed.flatMap((spec) => spec.names)).size;
  if (distinct > MAX_BATCH_CHANNELS) throw errors.tooManyChannels(distinct, MAX_BATCH_CHANNELS);
  return parsed.map(({ names, messages }) => {
    const results = names.map((channel) => {
      try {
        const fault = batchChannelFault(context, channel);
        if (fault) throw fault;
        return { channel, messageId: publishTo(context, credential, channel, messages)[0]?.replace(/:0$/, '') };
      } catch (error) {
        return { channel, error: toAblyError(error).toWire() };
      }
    });
    const failureCount = results.filter((result) => 'error' in result).length;
    return { successCount: results.length - failureCount, failureCount, results };
  });
}

async function route(context: RestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (method === 'GET' && url.pathname === '/time') return sendJson(response, 200, [context.channels.clock()]);
  if (method === 'POST' && parts.length === 3 && parts[0] === 'keys' && parts[2] === 'requestToken') {
    return sendJson(response, 200, context.credentials.requestToken(parts[1] as string, await readJson(request)));
  }
  const isPublish = method === 'POST' && (url.pathname === '/messages' || (parts[0] === 'channels' && parts[2] === 'messages'));
  const isRead = method === 'GET' && parts[0] === 'channels' && parts.length === 3 && ['messages', 'presence'].includes(parts[2] as string);
  if (!isPublish && !isRead) throw errors.notFound(`${method} ${url.pathname}`);
  const credential = context.credentials.fromAuthorizationHeader(request.headers.authorization);
  if (context.faults.failures > 0) {
    context.faults.failures -= 1;
    throw injectedFailure(context.faults.failureStatus);
  }
  if (url.pathname === '/messages') return sendJson(response, 201, batchPublish(context, credential, await readJson(request)));
  const channel = parts[1] as string;
  if (isPublish) {
    const ids = publishTo(context, credential, channel, await readJson(request));
    return sendJson(response, 201, { channel, messageId: ids[0], serials: ids });
  }
  if (parts[2] === 'presence') {
    requireOperation(credential.capability, channel, 'subscribe');
    const members = [...context.channels.get(channel).presence.values()].map((member) => ({ action: 1, ...member }));
    return sendJson(response, 200, members);
  }
  requireOperation(credential.capability, channel, 'history');
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 1000);
  const start = url.searchParams.get('start');
  const end = url.searchParams.get('end');
  const messages = context.channels.get(channel).history({
    limit,
    forwards: url.searchParams.get('direction') === 'forwards',
    start: start ? Number(start) : undefined,
    end: end ? Number(end) : undefined,
  });
  return sendJson(
    response,
    200,
    messages.map(({ sequence, ...message }) => ({ ...message, serial: context.channels.get(channel).serial(sequence) })),
  );
}

/** The HTTP request listener of the emulator's REST side. */
export function createRestHandler(context: RestContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    // Browsers call Ably's REST API cross-origin (token requests, history): answer CORS as Ably does.
    response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    response.setHeader('Access-Control-Expose-Headers', 'Link, x-ably-errorcode, x-ably-errormessage, x-ably-serverid');
    response.setHeader('Vary', 'Origin');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'Access-Control-Max-Age': '600',
      });
      response.end();
      return;
    }
    const handle = () =>
      route(context, request, response).catch((error: unknown) => {
        if (!response.headersSent) sendRestError(response, toAblyError(error));
      });
    if (context.faults.latencyMs > 0) setTimeout(handle, context.faults.latencyMs);
    else void handle();
  };
}
