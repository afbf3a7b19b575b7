/** Raw clients for the Ably emulator's own tests: signed TokenRequests, REST calls, a frame-level socket. */
import { createHmac, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { AblyEmulator } from '../src/ably-emulator/index.js';
import { waitFor } from '../src/wait.js';

/** A parsed JSON value from the wire; tests read nested fields freely. */
// biome-ignore lint/suspicious/noExplicitAny: wire frames are untyped JSON in these tests
export type Json = any;

export const KEY_NAME = 'app1.key1';
export const KEY_SECRET = 'sekrit';
export const KEY = `${KEY_NAME}:${KEY_SECRET}`;

export interface TokenRequestFields {
  ttl?: number;
  capability?: Record<string, string[]>;
  clientId?: string;
  timestamp?: number;
}

/** A TokenRequest signed the way Ably specifies (canonical capability, newline-joined fields). */
export function signTokenRequest(fields: TokenRequestFields, secret = KEY_SECRET, keyName = KEY_NAME): Record<string, unknown> {
  const capability = fields.capability
    ? JSON.stringify(
        Object.fromEntries(
          Object.keys(fields.capability)
            .sort()
            .map((key) => [key, [...(fields.capability?.[key] ?? [])].sort()]),
        ),
      )
    : '';
  const timestamp = fields.timestamp ?? Date.now();
  const nonce = randomBytes(12).toString('hex');
  const text = [keyName, fields.ttl ?? '', capability, fields.clientId ?? '', timestamp, nonce, ''].join('\n');
  const mac = createHmac('sha256', secret).update(text).digest('base64');
  return { keyName, ttl: fields.ttl, capability: capability || undefined, clientId: fields.clientId, timestamp, nonce, mac };
}

export async function rest(
  emulator: AblyEmulator,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; auth?: string } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`http://${emulator.host}:${emulator.port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.auth ? { authorization: options.auth } : {}) },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export const basic = (key = KEY) => `Basic ${Buffer.from(key).toString('base64')}`;
export const bearer = (token: string) => `Bearer ${Buffer.from(token).toString('base64')}`;

export async function issueToken(emulator: AblyEmulator, fields: TokenRequestFields): Promise<string> {
  const { status, body } = await rest(emulator, 'POST', `/keys/${KEY_NAME}/requestToken`, { body: signTokenRequest(fields) });
  if (status !== 200) throw new Error(`requestToken failed: ${JSON.stringify(body)}`);
  return body.token as string;
}

/** A realtime socket that records every frame the server sends. */
export class FrameClient {
  readonly frames: Json[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
  }

  static async open(emulator: AblyEmulator, query: string): Promise<FrameClient> {
    const socket = new WebSocket(`ws://${emulator.host}:${emulator.port}/?format=json&v=6&${query}`);
    const client = new FrameClient(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits for a frame matching `predicate` that arrived after `from` (an index into frames). */
  next(predicate: (frame: Json) => boolean, from = 0, what = 'a frame'): Promise<Json> {
    return waitFor(() => this.frames.slice(from).find(predicate), 5000, what);
  }

  closed(): Promise<boolean> {
    return waitFor(() => this.socket.readyState === WebSocket.CLOSED, 5000, 'the socket to close');
  }

  close(): void {
    this.socket.terminate();
  }
}
