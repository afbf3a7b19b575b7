import {
  encodeEnvelope,
  type HealthReport,
  healthReason,
  type PresenceConnection,
  type ProviderStats,
  type PublisherTransport,
  RealtimeError,
  type RealtimeErrorCode,
  SPECIFICATION_VERSION,
} from '@switchboard/core';
import { assertHubSecret } from '../auth/hub-token.js';
import { signRequest } from '../auth/request-signature.js';
import { PROVIDER, socketIoCapabilities, socketIoLimits } from '../constants.js';

const encoder = new TextEncoder();
/** UTF-8 bytes of a string. */
const utf8Length = (text: string) => encoder.encode(text).byteLength;

/** Publishing from another process or a serverless function, over the hub's signed HTTP endpoint. */
export interface HttpPublisherOptions {
  /** The hub's base URL, e.g. `https://realtime.example.com` (`SOCKET_IO_URL`). */
  url: string;
  /** The hub secret (`SOCKET_IO_SECRET`), at least 32 bytes. */
  secret: string;
  /**
   * Path of the hub's HTTP endpoints; must match the hub's `endpointPath`.
   * @default '/switchboard'
   */
  endpointPath?: string;
  /**
   * Gives up on a request after this long (core then retries).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Largest message; keep it equal to the hub's `maxPayloadBytes`.
   * @default 65536
   */
  maxPayloadBytes?: number;
  /**
   * Largest request body; batches are split to stay under it. Keep it equal to the hub's `maxRequestBytes`.
   * @default 1048576
   */
  maxRequestBytes?: number;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

const STATUS_CODES: Record<number, RealtimeErrorCode> = {
  400: 'INVALID_CHANNEL',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** Publishes to a hub in another process over its signed HTTP endpoint (serverless functions, other services). */
export function httpPublisherTransport(options: HttpPublisherOptions): PublisherTransport {
  assertHubSecret(options.secret, 'The Socket.IO HTTP publisher: secret (SOCKET_IO_SECRET)');
  if (typeof options.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new RealtimeError('CONFIG', `The Socket.IO publisher url must be an http(s) URL, got ${JSON.stringify(options.url)}`, {
      provider: PROVIDER,
    });
  }
  const base = `${options.url.replace(/\/+$/, '')}${options.endpointPath ?? '/switchboard'}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRequestBytes = options.maxRequestBytes ?? 1_048_576;
  const limits = socketIoLimits(options.maxPayloadBytes);
  let closed = false;

  /** Posts `body`, or `text` when the caller serialized it already. */
  async function post<T>(action: string, body: unknown, signal?: AbortSignal, serialized?: string): Promise<T> {
    if (closed) throw new RealtimeError('CLOSED', 'This publisher is closed', { provider: PROVIDER });
    const text = serialized ?? JSON.stringify(body);
    const url = `${base}/${action}`;
    const headers = await signRequest(options.secret, { method: 'POST', url, body: text });
    const fetchImplementation = options.fetch ?? globalThis.fetch;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetchImplementation(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      const timedOut = timeout.aborted;
      throw new RealtimeError(
        timedOut ? 'TIMEOUT' : 'PROVIDER_UNAVAILABLE',
        timedOut ? `The hub did not answer within ${timeoutMs} ms` : `The hub at ${options.url} is unreachable`,
        {
          provider: PROVIDER,
          cause,
        },
      );
    }
    const payload = (await response.json().catch(() => undefined)) as
      | { error?: { code?: RealtimeErrorCode; message?: string } }
      | undefined;
    if (response.ok) return payload as T;
    const code = payload?.error?.code ?? STATUS_CODES[response.status] ?? 'PROVIDER_UNAVAILABLE';
    throw new RealtimeError(code, `Hub answered ${response.status}: ${payload?.error?.message ?? response.statusText}`, {
      provider: PROVIDER,
      retriable: response.status >= 500 || response.status === 429 ? true : undefined,
      details: { status: response.status },
    });
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: socketIoCapabilities,
    limits,
    providerChannelName: (channel) => channel.name,
    async send(messages, signal) {
      // Each entry is serialized once, measured, and joined into the body as is; split by size so a
      // batch of large messages never exceeds the hub's request limit.
      const publish = (entries: string[]) => post('publish', undefined, signal, `{"messages":[${entries.join(',')}]}`);
      let chunk: string[] = [];
      let size = 0;
      for (const message of messages) {
        const entry = JSON.stringify({ channel: message.channel.name, envelope: encodeEnvelope(message.envelope) });
        const entrySize = utf8Length(entry) + 1;
        if (chunk.length > 0 && size + entrySize > maxRequestBytes - 64) {
          await publish(chunk);
          chunk = [];
          size = 0;
        }
        chunk.push(entry);
        size += entrySize;
      }
      if (chunk.length > 0) await publish(chunk);
    },
    async presenceMembers(channel) {
      return (await post<{ members: PresenceConnection[] }>('presence', { channel: channel.name })).members;
    },
    async health() {
      const started = Date.now();
      try {
        const report = await post<HealthReport>('health', {});
        return { ...report, latencyMs: Date.now() - started };
      } catch (error) {
        const message = `The hub at ${options.url} does not answer: ${(error as Error).message}`;
        return {
          status: 'unhealthy',
          reasons: [healthReason('provider-unreachable', 'unhealthy', message)],
          provider: PROVIDER,
          details: { url: options.url, error: (error as Error).message, code: (error as RealtimeError).code },
        };
      }
    },
    stats: () => post<ProviderStats>('stats', {}),
    async close() {
      closed = true;
    },
  };
}
