/**
 * Starts the Ably-protocol emulator: one HTTP server on 127.0.0.1 for the REST API and the realtime
 * WebSocket, driven by the real, unmodified `ably` SDK. Point clients at it with
 * `{ endpoint: host, port, tls: false, useBinaryProtocol: false }`.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelStore } from './channel-store.js';
import { type ApiKeyOptions, CredentialStore } from './credentials.js';
import { RealtimeServer } from './realtime-server.js';
import type { RealtimeSettings } from './realtime-session.js';
import { createRestHandler, type RestFaults } from './rest-api.js';
import { type AblyWebhookTarget, ablyWebhookSender } from './webhook-sender.js';

/** Options of {@link startAblyEmulator}. */
export interface AblyEmulatorOptions extends Partial<RealtimeSettings> {
  /**
   * API keys the emulator accepts: `appId.keyId:secret` (grants every capability), or with the
   * key's capability and whether revocable tokens are enabled on it.
   */
  keys: ReadonlyArray<string | ApiKeyOptions>;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Messages each channel keeps at most for history, rewind and resume.
   * @default 1000
   */
  historyLimit?: number;
  /**
   * How long messages stay on a channel without persistence, as Ably's default storage.
   * @default 120000 (2 minutes)
   */
  historyRetentionMs?: number;
  /**
   * Channels with "persist all messages" on, as Ably channel rules name them: a channel name or a
   * namespace (`ns:*`). Their messages stay for `persistedRetentionMs`.
   * @default []
   */
  persistedChannels?: readonly string[];
  /**
   * How long persisted channels keep messages.
   * @default 86400000 (24 hours, the shortest persisted storage Ably offers)
   */
  persistedRetentionMs?: number;
  /**
   * How far Ably's clock runs ahead of this machine's (negative: behind): message timestamps,
   * `GET /time`, TokenRequest timestamp checks and token issue/expiry times all read it. Stands for
   * a machine (an auth server, a device) whose clock is off the service's.
   * @default 0
   */
  clockOffsetMs?: number;
  /** Send webhooks (channel lifecycle, messages, presence) to this URL, signed with an API key as Ably signs them. */
  webhooks?: AblyWebhookTarget;
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
   * With `recover: false`, how the failed resume is answered: `expired` (80008, a valid key whose
   * connection is gone) or `invalid-key` (80018, as Ably answers a key it cannot parse). Either way
   * the client gets a new connection id.
   * @default 'expired'
   */
  resumeFailure?: 'expired' | 'invalid-key';
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
  /**
   * Fault: the next `count` batch publishes that name `channel` fail on that channel alone, with
   * `status` (500 → 50000, 429 → 42910, 401 → 40100), while every other channel of the batch succeeds.
   */
  failChannelInBatch(channel: string, status?: number, count?: number): void;
  /** Delays every REST response and every frame the server sends by `ms`. */
  setLatency(ms: number): void;
  /** Realtime connections with an open socket. */
  connectionCount(): number;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startAblyEmulator(options: AblyEmulatorOptions): Promise<AblyEmulator> {
  const channels = new ChannelStore({
    historyLimit: options.historyLimit ?? 1000,
    clockOffsetMs: options.clockOffsetMs ?? 0,
    retentionMs: options.historyRetentionMs ?? 120_000,
    persistedChannels: options.persistedChannels ?? [],
    persistedRetentionMs: options.persistedRetentionMs ?? 86_400_000,
  });
  if (options.webhooks) channels.report = ablyWebhookSender(options.webhooks, () => channels.clock());
  const credentials = new CredentialStore(options.keys, () => channels.clock());
  const faults: RestFaults = { failures: 0, failureStatus: 500, latencyMs: 0, batchChannelFailures: new Map() };
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
    dropAll: (dropOptions = {}) =>
      realtime.dropAll(dropOptions.recover ?? true, dropOptions.downForMs ?? 0, dropOptions.resumeFailure ?? 'expired'),
    expireToken: (clientId) => realtime.tokensExpired(credentials.expireTokens(clientId)),
    requestReauth: () => realtime.requestReauth(),
    failNextRest(count, status = 500) {
      faults.failures = count;
      faults.failureStatus = status;
    },
    failChannelInBatch(channel, status = 500, count = 1) {
      faults.batchChannelFailures.set(channel, { remaining: count, status });
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
