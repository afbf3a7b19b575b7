/** Raw clients for the Pusher emulator's own tests: signed HTTP API calls and a frame-level socket. */
import WebSocket from 'ws';
import type { PusherEmulator } from '../src/pusher-emulator/index.js';
import { md5Hex, signChannel, signRequest } from '../src/pusher-emulator/index.js';
import { waitFor } from '../src/wait.js';

// biome-ignore lint/suspicious/noExplicitAny: wire frames are untyped JSON in these tests
export type Json = any;

export const APP = { appId: '7', key: 'emulator-key', secret: 'emulator-secret' };

export interface SignedCallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  params?: Record<string, string>;
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature. */
  signature?: string;
  bodyMd5?: string;
}

/** Calls the HTTP API the way a server SDK does: auth_* params, body_md5 and the HMAC signature. */
export async function signedCall(emulator: PusherEmulator, resource: string, options: SignedCallOptions = {}) {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const path = `/apps/${emulator.appId}/${resource}`;
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const params: Record<string, string> = {
    auth_key: emulator.key,
    auth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    ...(body ? { body_md5: options.bodyMd5 ?? md5Hex(body) } : {}),
    ...options.params,
  };
  const signature = options.signature ?? signRequest(options.secret ?? APP.secret, method, path, params);
  const query = new URLSearchParams({ ...params, auth_signature: signature }).toString();
  const response = await fetch(`http://${emulator.host}:${emulator.port}${path}?${query}`, {
    method,
    ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await response.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** A protocol-7 client that records every frame, with `data` strings parsed. */
export class RawSocket {
  readonly frames: Json[] = [];
  closeCode: number | undefined;
  socketId = '';
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (typeof frame.data === 'string') {
        try {
          frame.data = JSON.parse(frame.data);
        } catch {}
      }
      this.frames.push(frame);
    });
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(emulator: PusherEmulator, key = emulator.key): Promise<RawSocket> {
    const client = new RawSocket(new WebSocket(`ws://${emulator.host}:${emulator.wsPort}/app/${key}?protocol=7&client=js&version=8.6.0`));
    await waitFor(() => client.frames.length > 0 || client.closeCode !== undefined, 5000, 'the first frame');
    if (client.frames[0]?.event === 'pusher:connection_established') client.socketId = client.frames[0].data.socket_id;
    return client;
  }

  send(event: string, data: unknown, channel?: string): void {
    this.socket.send(JSON.stringify({ event, data, ...(channel ? { channel } : {}) }));
  }

  /** Waits for the next frame matching `event` (and `channel`) received after `from`. */
  async next(event: string, channel?: string, from = 0): Promise<Json> {
    return waitFor(
      () => this.frames.slice(from).find((frame) => frame.event === event && (channel === undefined || frame.channel === channel)),
      5000,
      `${event}${channel ? ` on ${channel}` : ''}`,
    );
  }

  received(event: string, channel?: string): Json[] {
    return this.frames.filter((frame) => frame.event === event && (channel === undefined || frame.channel === channel));
  }

  async subscribe(channel: string, member?: { user_id: string; user_info?: unknown }): Promise<Json> {
    const from = this.frames.length;
    const channelData = member ? JSON.stringify(member) : undefined;
    const auth =
      channel.startsWith('private-') || channel.startsWith('presence-')
        ? signChannel(APP.key, APP.secret, this.socketId, channel, channelData)
        : undefined;
    this.send('pusher:subscribe', { channel, ...(auth ? { auth } : {}), ...(channelData ? { channel_data: channelData } : {}) });
    return waitFor(
      () => this.frames.slice(from).find((frame) => frame.channel === channel && /subscription_(succeeded|error)$/.test(frame.event)),
      5000,
      `the answer to subscribing ${channel}`,
    );
  }

  close(): void {
    this.socket.terminate();
  }
}
