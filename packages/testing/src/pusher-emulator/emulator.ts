/**
 * A local Pusher Channels server for tests: the WebSocket protocol 7 and the HTTP API on one
 * 127.0.0.1 port, driven by the real `pusher` and `pusher-js` SDKs, with fault hooks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { ChannelRegistry } from './channel-registry.js';
import {
  type ApiReply,
  channelUsers,
  describeChannel,
  listChannels,
  terminateUserConnections,
  triggerBatch,
  triggerEvents,
} from './http-api.js';
import { verifySignedRequest } from './http-auth.js';
import { SocketSession } from './socket-session.js';
import { type PusherWebhookTarget, webhookSender } from './webhook-sender.js';

/** Options of {@link startPusherEmulator}: the app credentials the SDKs will use. */
export interface PusherEmulatorOptions {
  /** The app id. */
  appId: string;
  /** The app key (public). */
  key: string;
  /** The app secret: requests and subscriptions must be signed with it. */
  secret: string;
  /**
   * Port for both the HTTP API and WebSockets.
   * @default 0 (an ephemeral port)
   */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * `activity_timeout` announced to clients, in seconds.
   * @default 120
   */
  activityTimeoutSeconds?: number;
  /**
   * The server clock in ms, used for `auth_timestamp` checks and rate limits.
   * @default Date.now
   */
  clock?: () => number;
  /** Send webhooks (channel existence, presence, client events) to this URL, signed as Pusher signs them. */
  webhooks?: PusherWebhookTarget;
  /**
   * The app setting "Enable client events". Hosted Pusher apps start with it off; when off, every
   * `client-` event is refused with Pusher's `pusher:error` and goes nowhere.
   * @default true
   */
  enableClientEvents?: boolean;
}

/** One HTTP API call as the emulator answered it; a probe for tests. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Request path. */
  path: string;
  /** The status the emulator answered. */
  status: number;
}

/** A running Pusher emulator. Close it after the tests. */
export interface PusherEmulator {
  /** The host it listens on. */
  readonly host: string;
  /** The HTTP API port; WebSockets share it. */
  readonly port: number;
  /** The WebSocket port (the same as `port`). */
  readonly wsPort: number;
  /** The app id it accepts. */
  readonly appId: string;
  /** The app key it accepts. */
  readonly key: string;
  /** Options for `new Pusher(...)` of the `pusher` Node SDK. */
  serverOptions(): {
    /** The app id. */
    appId: string;
    /** The app key. */
    key: string;
    /** The app secret. */
    secret: string;
    /** The emulator's host. */
    host: string;
    /** The emulator's port, as a string. */
    port: string;
    /** Plain HTTP. */
    useTLS: false;
  };
  /** Options for `new Pusher(key, ...)` of `pusher-js`. */
  clientOptions(): {
    /** Required by pusher-js; ignored with `wsHost`. */
    cluster: string;
    /** The emulator's host. */
    wsHost: string;
    /** The emulator's port. */
    wsPort: number;
    /** Plain WebSocket. */
    forceTLS: false;
    /** WebSocket only: no HTTP fallbacks. */
    enabledTransports: ['ws'];
  };
  /** Open WebSocket connections. */
  connectionCount(): number;
  /** Occupied channels. */
  channelNames(): string[];
  /** HTTP API calls answered so far. */
  requests(): RecordedRequest[];
  /** Fault: terminates every socket abruptly (no close frame); clients reconnect on their own. */
  dropAllSockets(): Promise<void>;
  /** Fault: closes every socket with a Pusher close code (4200 = reconnect now, 4100 = back off). */
  closeAllWith(code: number, reason?: string): Promise<void>;
  /** Fault: the next `count` HTTP API calls fail with `status` before anything is done. */
  failNextHttp(count: number, status?: number): void;
  /** Fault: every HTTP API call waits `ms` before it is handled. */
  setLatency(ms: number): void;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_048_576;

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, { status, body }: ApiReply): void {
  const json = typeof body !== 'string';
  response.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' });
  response.end(json ? JSON.stringify(body) : body);
}

/** Starts a Pusher-protocol server on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startPusherEmulator(options: PusherEmulatorOptions): Promise<PusherEmulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.clock ?? Date.now;
  const webhooks = options.webhooks ? webhookSender(options.webhooks, options, now) : undefined;
  const registry = new ChannelRegistry(webhooks ? (event) => webhooks.add(event) : undefined);
  const sessions = new Set<SocketSession>();
  const recorded: RecordedRequest[] = [];
  const faults = { failures: 0, failureStatus: 500, latencyMs: 0 };
  const context = {
    key: options.key,
    secret: options.secret,
    registry,
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? 120,
    enableClientEvents: options.enableClientEvents ?? true,
    now,
  };

  async function route(request: IncomingMessage): Promise<ApiReply> {
    const url = request.url ?? '';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const body = await readBody(request);
    if (body === undefined) return { status: 413, body: 'Request Entity Too Large' };
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.failures > 0) {
      faults.failures -= 1;
      return { status: faults.failureStatus, body: `Emulated failure (${faults.failureStatus})` };
    }
    const match = /^\/apps\/([^/]+)\/(.*)$/.exec(path);
    if (!match || match[1] !== options.appId) return { status: 404, body: 'Unknown app' };
    const method = request.method ?? 'GET';
    const verified = verifySignedRequest({ method, path, rawQuery, body }, options, now());
    if (!verified.ok) return { status: verified.status, body: verified.message };
    let parsed: unknown;
    try {
      parsed = body.length > 0 ? JSON.parse(body) : undefined;
    } catch {
      return { status: 400, body: 'Body is not valid JSON' };
    }
    const resource = match[2] ?? '';
    const channelMatch = /^channels\/([^/]+)(\/users)?$/.exec(resource);
    if (method === 'POST' && resource === 'events') return triggerEvents(registry, parsed);
    if (method === 'POST' && resource === 'batch_events') return triggerBatch(registry, parsed);
    if (method === 'GET' && resource === 'channels') return listChannels(registry, verified.params);
    const terminate = /^users\/([^/]+)\/terminate_connections$/.exec(resource);
    if (method === 'POST' && terminate) return terminateUserConnections(sessions, decodeURIComponent(terminate[1] ?? ''));
    if (method === 'GET' && channelMatch) {
      const channel = decodeURIComponent(channelMatch[1] ?? '');
      return channelMatch[2] ? channelUsers(registry, channel) : describeChannel(registry, channel, verified.params);
    }
    return { status: 404, body: `No route for ${method} ${path}` };
  }

  const server = createServer((request, response) => {
    route(request).then(
      (answer) => {
        recorded.push({ method: request.method ?? 'GET', path: (request.url ?? '').split('?')[0] ?? '', status: answer.status });
        reply(response, answer);
      },
      (error: unknown) => reply(response, { status: 500, body: error instanceof Error ? error.message : String(error) }),
    );
  });

  const websockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    websockets.handleUpgrade(request, socket, head, (websocket) => accept(websocket, request));
  });

  function accept(websocket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', `http://${host}`);
    const refuse = (code: number, message: string) => {
      websocket.send(JSON.stringify({ event: 'pusher:error', data: JSON.stringify({ code, message }) }));
      websocket.close(code, message);
    };
    const keyMatch = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!keyMatch || keyMatch[1] !== options.key) {
      refuse(4001, `App key ${keyMatch?.[1] ?? ''} does not exist`);
      return;
    }
    const protocol = Number(url.searchParams.get('protocol'));
    if (!(protocol >= 5 && protocol <= 7)) {
      refuse(4007, `Unsupported protocol version ${url.searchParams.get('protocol')}`);
      return;
    }
    const session = new SocketSession(websocket, context);
    sessions.add(session);
    websocket.on('close', () => sessions.delete(session));
    session.start();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const closeEvery = async (close: (websocket: WebSocket) => void) => {
    const closing = [...sessions].map(
      (session) =>
        new Promise<void>((resolve) => {
          if (session.socket.readyState === session.socket.CLOSED) {
            resolve();
            return;
          }
          session.socket.once('close', () => resolve());
          close(session.socket);
        }),
    );
    await Promise.all(closing);
  };

  return {
    host,
    port,
    wsPort: port,
    appId: options.appId,
    key: options.key,
    serverOptions: () => ({ appId: options.appId, key: options.key, secret: options.secret, host, port: String(port), useTLS: false }),
    clientOptions: () => ({ cluster: 'local', wsHost: host, wsPort: port, forceTLS: false, enabledTransports: ['ws'] }),
    connectionCount: () => sessions.size,
    channelNames: () => registry.names(),
    requests: () => [...recorded],
    dropAllSockets: () => closeEvery((websocket) => websocket.terminate()),
    closeAllWith: (code, reason = 'Closed by the emulator') => closeEvery((websocket) => websocket.close(code, reason)),
    failNextHttp(count, status = 500) {
      faults.failures = count;
      faults.failureStatus = status;
    },
    setLatency(ms) {
      faults.latencyMs = Math.max(0, ms);
    },
    async close() {
      await closeEvery((websocket) => websocket.terminate());
      websockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
