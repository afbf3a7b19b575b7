/**
 * `--emulators`: Socket.IO (the embedded hub), Pusher and Ably (their local emulators) side by side
 * behind one `createProviderSwitch`, and the operator control that moves every example — and every
 * open page — from one to another while the demo runs (`POST /operator/provider`, guarded by a
 * token printed at startup). See docs/provider-switch.md, "Try it in the demo".
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as ably from '@switchboard/ably';
import type { ProviderName } from '@switchboard/core/client';
import {
  createProviderSwitch,
  createPublisherFromTransport,
  type ProviderAuthorizer,
  providerAnnouncements,
} from '@switchboard/core/server';
import * as pusher from '@switchboard/pusher';
import { socketIoAuthorizer, createPublisherTransport as socketIoTransport } from '@switchboard/socket-io';
import { createHub } from '@switchboard/socket-io/hub';
import { type RunningEmulator, startAbly, startPusher } from './emulators.js';
import { json, jsonError, readJson } from './http.js';
import type { ExampleProvider, RealtimeSetup, RealtimeSetupOptions } from './provider.js';
import { switchWorkers } from './worker.js';

const NAMES: Record<ExampleProvider, string> = { 'socket-io': 'Socket.IO', pusher: 'Pusher Channels', ably: 'Ably' };
const SWITCHABLE: readonly ExampleProvider[] = ['socket-io', 'pusher', 'ably'];

/** The operator control of a switchable demo. */
export interface ProviderOperator {
  /** The token `POST /operator/provider` needs (`authorization: Bearer <token>`). */
  token: string;
  /** Answers `/operator/provider` (GET: the current provider; POST `{ provider }`: switch); `undefined` for other paths. */
  handle(request: Request): Promise<Response> | undefined;
}

function isProvider(value: unknown): value is ExampleProvider {
  return typeof value === 'string' && (SWITCHABLE as readonly string[]).includes(value);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Starts the hub and both emulators, and the switch between them (initially `REALTIME_PROVIDER`, default pusher). */
export async function startSwitchableRealtime(options: RealtimeSetupOptions): Promise<RealtimeSetup & { operator: ProviderOperator }> {
  const chosen = options.env.REALTIME_PROVIDER?.trim() || 'pusher';
  if (!isProvider(chosen)) throw new Error(`REALTIME_PROVIDER=${chosen}: --emulators starts on socket-io, pusher or ably`);
  const windowMs = Number(options.env.DEMO_MIGRATION_WINDOW_MS ?? 30_000);
  const secret = options.env.SOCKET_IO_SECRET ?? randomBytes(24).toString('hex');
  const hub = createHub({ channels: [...options.channels, providerAnnouncements], rules: options.rules, secret });
  const emulators: RunningEmulator[] = [];
  const stopAll = async () => {
    await Promise.allSettled(emulators.map((emulator) => emulator.close()));
    await hub.close();
  };
  try {
    await hub.attach(options.server);
    emulators.push(await startPusher(), await startAbly());
  } catch (error) {
    await stopAll();
    throw error;
  }
  const [pusherEmulator, ablyEmulator] = emulators as [RunningEmulator, RunningEmulator];
  const providerSwitch = createProviderSwitch({
    providers: {
      // The hub's authorizer is replaced per request origin below; this one serves the server's own URL.
      'socket-io': { authorizer: socketIoAuthorizer({ url: options.serverUrl, secret }), publisher: socketIoTransport({ hub }) },
      pusher: {
        authorizer: pusher.authorizerFromEnv(pusherEmulator.env),
        publisher: pusher.createPublisherTransport(pusher.publisherOptionsFromEnv(pusherEmulator.env)),
      },
      ably: {
        authorizer: ably.authorizerFromEnv(ablyEmulator.env),
        publisher: ably.createPublisherTransport(ably.publisherOptionsFromEnv(ablyEmulator.env)),
      },
    },
    current: chosen,
    migrationWindowMs: windowMs,
  });
  const publisher = createPublisherFromTransport(providerSwitch.transport, {
    history: options.history,
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });

  // Browsers connect to the hub at the origin they loaded the page from (localhost or 127.0.0.1 alike).
  const hubAuthorizers = new Map<string, ProviderAuthorizer>();
  const authorizer = async (request: Request): Promise<ProviderAuthorizer> => {
    const named = await providerSwitch.authorizer(request);
    if (named.provider !== 'socket-io') return named;
    const origin = new URL(request.url).origin;
    let known = hubAuthorizers.get(origin);
    if (!known) {
      const inner = socketIoAuthorizer({ url: origin, secret });
      known = {
        provider: 'socket-io',
        switchable: true,
        publicConfig: () => inner.publicConfig(),
        authorize: (input) => inner.authorize(input),
      };
      hubAuthorizers.set(origin, known);
    }
    return known;
  };

  // Workers (`forkWorker(…, publisherEnv)`) get every provider and follow the switch
  // (`workerPublisherFromEnv`); `REALTIME_PROVIDER` is kept current for workers started later.
  const publisherEnv: Record<string, string> = {
    ...pusherEmulator.env,
    ...ablyEmulator.env,
    SOCKET_IO_URL: options.serverUrl,
    SOCKET_IO_SECRET: secret,
    REALTIME_PROVIDER: chosen,
    DEMO_PROVIDER_SWITCH: '1',
    DEMO_MIGRATION_WINDOW_MS: String(windowMs),
    ...options.historyEnv,
  };
  const token = options.env.DEMO_OPERATOR_TOKEN || randomBytes(12).toString('hex');
  const describe = () => {
    const migration = providerSwitch.migration();
    return { provider: providerSwitch.provider(), label: label(), ...(migration ? { migration } : {}) };
  };
  const label = () => `${NAMES[providerSwitch.provider() as ExampleProvider]} (live switch: Socket.IO hub, Pusher and Ably emulators)`;
  const operator: ProviderOperator = {
    token,
    handle(request) {
      const path = new URL(request.url).pathname;
      if (path !== '/operator/provider') return undefined;
      if (request.method === 'GET') return Promise.resolve(json(200, describe()));
      if (request.method !== 'POST') return Promise.resolve(jsonError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`));
      return (async () => {
        const given = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
        if (!sameToken(given, token)) return jsonError(401, 'UNAUTHORIZED', 'The operator token printed at startup is needed');
        const provider = (await readJson(request))?.provider;
        if (!isProvider(provider)) return jsonError(400, 'VALIDATION_FAILED', `Send { provider } with one of ${SWITCHABLE.join(', ')}`);
        // Worker processes publish to both providers first, then the pages are told to move.
        await switchWorkers(provider);
        publisherEnv.REALTIME_PROVIDER = provider;
        await providerSwitch.switchTo(provider as ProviderName);
        return json(200, describe());
      })();
    },
  };

  return {
    provider: chosen,
    get label() {
      return label();
    },
    publisher,
    authorizer,
    publisherEnv,
    channels: [providerAnnouncements],
    operator,
    async close() {
      await publisher.close();
      await providerSwitch.close().catch(() => {});
      await stopAll();
    },
  };
}
