/**
 * Starts the Ably-protocol emulator: one HTTP server on 127.0.0.1 for the REST API and the realtime
 * WebSocket, driven by the real, unmodified `ably` SDK. Point clients at it with
 * `{ endpoint: host, port, tls: false, useBinaryProtocol: false }`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelStore } from './channel-store.js';
import { CredentialStore } from './credentials.js';
import { RealtimeServer } from './realtime-server.js';
import type { RealtimeSettings } from './realtime-session.js';
import { createRestHandler, type RestFaults } from './rest-api.js';

/** Options of {@link startAblyEmulator}. */
export interface AblyEmulatorOptions extends Partial<RealtimeSettings> {
  /** API keys the emulator accepts, as `appId.keyId:secret`; each grants every capability. */
  keys: readonly string[];
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Messages each channel keeps for history, rewind and resume.
   * @default 1000
   */
  historyLimit?: number;
  /**
   * How far Ably's clock, as message timestamps show it, runs ahead of this machine's (negative:
   * behind). Stands for a client device whose clock is off the service's.
   * @default 0
   */
  clockOffsetMs?: number;
}

/** Options of {@link AblyEmulator.dropAll}. */
export interface DropAllOptions {
  /**
   * Keep connection state so clients resume and recover what they missed; `false` forgets it, so
   * resume fails (80008) and channels re-attach without continuity.
   * @default true
   */
  recover?: boolean;
  /**
   * Refuse new connections for this long, so clients stay disconnected while messages are missed.
   * @default 0
   */
  downForMs?: number;
}

/** A running Ably emulator. Close it after the tests. */
export interface AblyEmulator {
  /** Always `127.0.0.1`. */
  readonly host: string;
  /** The port it listens on (REST and WebSocket). */
  readonly port: number;
  /** Terminates every realtime socket now (and refuses new ones for `downForMs`); clients reconnect on their own. */
  dropAll(options?: DropAllOptions): void;
  /** Expires every token (of `clientId`, when given) now; live connections get DISCONNECTED 40142. */
  expireToken(clientId?: string): void;
  /** Sends AUTH to every connection: clients fetch a new token and send it over the socket. */
  requestReauth(): void;
  /** The next `count` publish, history or presence REST requests fail with `status` (500 → 50000, 429 → 42910). */
  failNextRest(count: number, status?: number): void;
  /** Delays every REST response and every frame the server sends by `ms`. */
  setLatency(ms: number): void;
  /** Realtime connections with an open socket. */
  connectionCount(): number;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startAblyEmulator(options: AblyEmulatorOptions): Promise<AblyEmulator> {
  const credentials = new CredentialStore(options.keys);
  const channels = new ChannelStore(options.historyLimit ?? 1000, options.clockOffsetMs ?? 0);
  const faults: RestFaults = { failures: 0, failureStatus: 500, latencyMs: 0 };
  const settings: RealtimeSettings = {
    maxMessageSize: options.maxMessageSize ?? 65_536,
    connectionStateTtlMs: options.connectionStateTtlMs ?? 120_000,
    maxIdleIntervalMs: options.maxIdleIntervalMs ?? 15_000,
    presenceGraceMs: options.presenceGraceMs ?? 15_000,
    reauthLeadMs: options.reauthLeadMs ?? 30_000,
  };
  const realtime = new RealtimeServer({ credentials, channels, settings, latencyMs: () => faults.latencyMs });
  const server = createServer(createRestHandler({ credentials, channels, maxMessageSize: settings.maxMessageSize, faults }));
  server.on('upgrade', (request, socket, head) => realtime.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    dropAll: (dropOptions = {}) => realtime.dropAll(dropOptions.recover ?? true, dropOptions.downForMs ?? 0),
    expireToken: (clientId) => realtime.tokensExpired(credentials.expireTokens(clientId)),
    requestReauth: () => realtime.requestReauth(),
    failNextRest(count, status = 500) {
      faults.failures = count;
      faults.failureStatus = status;
    },
    setLatency(ms) {
      faults.latencyMs = Math.max(0, ms);
    },
    connectionCount: () => realtime.connectedCount(),
    async close() {
      realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
