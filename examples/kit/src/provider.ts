/**
 * One realtime provider for every example in the process. `socket-io` (the default) is the
 * embedded hub on the examples' own http server; `pusher` and `ably` are read from the usual
 * environment variables (which `--emulators` fills in). Browsers learn the choice from each
 * example's auth endpoint, so nothing on the page changes with it.
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AuthorizerSource } from '@switchboard/core/auth';
import type { HistoryStore } from '@switchboard/core/history';
import type { PublisherOutbox } from '@switchboard/core/outbox';
import {
  type AccessRules,
  type AnyChannelDefinition,
  authorizerFromEnv,
  type ProviderAuthorizer,
  publisherFromEnv,
  type RealtimePublisher,
} from '@switchboard/core/server';
import { socketIoAuthorizer, socketIoPublisher } from '@switchboard/socket-io';
import { createHub } from '@switchboard/socket-io/hub';
import { type RunningEmulator, startEmulator } from './emulators.js';
import { type ProviderOperator, startSwitchableRealtime } from './provider-switch.js';

export type ExampleProvider = 'socket-io' | 'pusher' | 'ably';

/** The provider every example of this process publishes to and authorizes for. */
export interface RealtimeSetup {
  provider: ExampleProvider;
  /** For people: "Socket.IO (embedded hub)", "Pusher (local emulator)". */
  label: string;
  publisher: RealtimePublisher;
  /** The credential issuer of the auth endpoints. */
  authorizer: AuthorizerSource;
  /**
   * Variables with which another process (a worker, a function) builds the same publisher with
   * `publisherFromEnv(env)`: `REALTIME_PROVIDER` plus that provider's settings.
   */
  publisherEnv: Record<string, string>;
  /** Channels every auth endpoint lists besides the examples' own (the switch's announcements). */
  channels?: readonly AnyChannelDefinition[];
  /** The operator control, when the provider can be switched live (`--emulators`). */
  operator?: ProviderOperator;
  close(): Promise<void>;
}

export interface RealtimeSetupOptions {
  /** The examples' http server, already listening (the hub attaches to it). */
  server: HttpServer;
  /** The server's own base URL (`http://127.0.0.1:3000`), for publishers in other processes. */
  serverUrl: string;
  /** Every channel of every example (the hub refuses the others). */
  channels: readonly AnyChannelDefinition[];
  rules: AccessRules;
  /**
   * Run the embedded hub and the local Pusher and Ably emulators side by side, switchable live
   * (`'switch'`), or only the emulator `REALTIME_PROVIDER` names (`'single'`, or `true`).
   */
  emulators: boolean | 'single' | 'switch';
  env: Record<string, string | undefined>;
  /** The history store every publish appends to (see `history.ts`). */
  history: HistoryStore;
  /** What a worker needs to share that store (added to `publisherEnv`). */
  historyEnv: Record<string, string>;
  /**
   * The transactional outbox the publisher records in and relays from (its `outbox` option). The
   * publisher's `close()` closes it.
   */
  outbox?: PublisherOutbox;
}

const LABELS: Record<ExampleProvider, string> = { 'socket-io': 'Socket.IO', pusher: 'Pusher Channels', ably: 'Ably' };

async function embeddedHub(options: RealtimeSetupOptions): Promise<RealtimeSetup> {
  const secret = options.env.SOCKET_IO_SECRET ?? randomBytes(24).toString('hex');
  const hub = createHub({ channels: options.channels, rules: options.rules, secret });
  await hub.attach(options.server);
  // Browsers connect to the origin they loaded the page from (localhost or 127.0.0.1 alike).
  const authorizers = new Map<string, ProviderAuthorizer>();
  const authorizer = (request: Request) => {
    const origin = new URL(request.url).origin;
    const known = authorizers.get(origin);
    if (known) return known;
    const created = socketIoAuthorizer({ url: origin, secret });
    authorizers.set(origin, created);
    return created;
  };
  const publisher = socketIoPublisher({ hub, history: options.history, ...(options.outbox ? { outbox: options.outbox } : {}) });
  return {
    provider: 'socket-io',
    label: `${LABELS['socket-io']} (embedded hub)`,
    publisher,
    authorizer,
    publisherEnv: { REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: options.serverUrl, SOCKET_IO_SECRET: secret, ...options.historyEnv },
    async close() {
      await publisher.close();
      await hub.close();
    },
  };
}

/** Starts the provider chosen by `REALTIME_PROVIDER` (and `--emulators`). */
export async function startRealtime(options: RealtimeSetupOptions): Promise<RealtimeSetup> {
  if (options.emulators === 'switch') return startSwitchableRealtime(options);
  const chosen = options.env.REALTIME_PROVIDER?.trim() || undefined;
  if (!options.emulators && (chosen === undefined || chosen === 'socket-io')) return embeddedHub(options);
  if (chosen !== undefined && chosen !== 'pusher' && chosen !== 'ably' && !(chosen === 'socket-io' && !options.emulators)) {
    throw new Error(
      `REALTIME_PROVIDER=${chosen}: the examples run on socket-io, pusher or ably${options.emulators ? ' (emulators: pusher or ably)' : ''}`,
    );
  }
  let emulator: RunningEmulator | undefined;
  if (options.emulators) emulator = await startEmulator(chosen);
  const env = emulator ? { ...options.env, ...emulator.env } : options.env;
  const provider = env.REALTIME_PROVIDER as 'pusher' | 'ably';
  try {
    // The adapter reads (and checks) its own variables, emulator hosts included.
    const authorizer = await authorizerFromEnv(env);
    const publisher = publisherFromEnv(env, { history: options.history, ...(options.outbox ? { outbox: options.outbox } : {}) });
    const names =
      provider === 'pusher'
        ? ['PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET', 'PUSHER_CLUSTER', 'PUSHER_HOST', 'PUSHER_PORT', 'PUSHER_USE_TLS']
        : ['ABLY_API_KEY', 'ABLY_ENDPOINT', 'ABLY_PORT', 'ABLY_TLS'];
    const publisherEnv: Record<string, string> = { REALTIME_PROVIDER: provider, ...options.historyEnv };
    for (const name of names) if (env[name]) publisherEnv[name] = env[name] as string;
    return {
      provider,
      label: `${LABELS[provider]} (${emulator ? 'local emulator' : 'from the environment'})`,
      publisher,
      authorizer,
      publisherEnv,
      async close() {
        await publisher.close();
        await emulator?.close();
      },
    };
  } catch (error) {
    await emulator?.close();
    throw error;
  }
}
