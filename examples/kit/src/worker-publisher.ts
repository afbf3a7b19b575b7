/**
 * The publisher of a worker process. Usually `publisherFromEnv(process.env)`; under
 * `pnpm demo --emulators` (`DEMO_PROVIDER_SWITCH=1` in `publisherEnv`) a provider switch of its own
 * over the same three providers, which the server moves before it moves the pages
 * (`switchWorkers`, over IPC), so the worker publishes to both providers while pages move.
 */
import * as ably from '@switchboard/ably';
import type { ProviderName } from '@switchboard/core/client';
import type { HistoryStore } from '@switchboard/core/history';
import { createProviderSwitch, createPublisherFromTransport, publisherFromEnv, type RealtimePublisher } from '@switchboard/core/server';
import * as pusher from '@switchboard/pusher';
import { socketIoAuthorizer, createPublisherTransport as socketIoTransport } from '@switchboard/socket-io';
import { isSwitchRequest, SWITCH_DONE } from './worker-switch.js';

/** Builds a worker's publisher from the variables `forkWorker` passed (`context.publisherEnv`). */
export function workerPublisherFromEnv(
  env: Record<string, string | undefined>,
  options: { history?: HistoryStore } = {},
): RealtimePublisher {
  if (env.DEMO_PROVIDER_SWITCH !== '1') return publisherFromEnv(env, options);
  const url = env.SOCKET_IO_URL ?? '';
  const secret = env.SOCKET_IO_SECRET ?? '';
  const providerSwitch = createProviderSwitch({
    providers: {
      'socket-io': { authorizer: socketIoAuthorizer({ url, secret }), publisher: socketIoTransport({ url, secret }) },
      pusher: {
        authorizer: pusher.authorizerFromEnv(env),
        publisher: pusher.createPublisherTransport(pusher.publisherOptionsFromEnv(env)),
      },
      ably: { authorizer: ably.authorizerFromEnv(env), publisher: ably.createPublisherTransport(ably.publisherOptionsFromEnv(env)) },
    },
    current: (env.REALTIME_PROVIDER ?? 'socket-io') as ProviderName,
    migrationWindowMs: Number(env.DEMO_MIGRATION_WINDOW_MS ?? 30_000),
  });
  process.on('message', (message) => {
    if (!isSwitchRequest(message)) return;
    providerSwitch.switchTo(message.provider as ProviderName).then(
      () => process.send?.({ type: SWITCH_DONE, provider: message.provider }),
      (error: unknown) => process.send?.({ type: SWITCH_DONE, provider: message.provider, error: (error as Error).message }),
    );
  });
  return createPublisherFromTransport(providerSwitch.transport, options);
}
