/**
 * A live provider switch under load: two subscribers on the auth endpoint of a `createProviderSwitch`,
 * a publisher on its migration transport streaming at a steady rate, and the server switching
 * provider half-way. Counts, per subscriber, what was lost and what was delivered twice, which
 * provider delivered, and how long each subscriber took to move.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ablyAuthorizer, createPublisherTransport as ablyPublisherTransport } from '@switchboard/ably';
import { createPublisherFromTransport, createSubscriber, type ProviderChange, type ProviderName } from '@switchboard/core';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';
import { createProviderSwitch, providerAnnouncements, type SwitchableProvider } from '@switchboard/core/server';
import { pusherAuthorizer, createPublisherTransport as pusherPublisherTransport } from '@switchboard/pusher';
import { createHub, socketIoAuthorizer, createPublisherTransport as socketIoPublisherTransport } from '@switchboard/socket-io';
import { waitFor } from '@switchboard/testing';
import { startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { faultChannels, freshStream } from '@switchboard/testing/faults';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { ABLY_CLIENT_OPTIONS, ABLY_KEY } from '../rigs/ably-rig.js';
import { PUSHER_CREDENTIALS } from '../rigs/pusher-rig.js';
import { HUB_SECRET } from '../rigs/socket-io-rig.js';

type SwitchProvider = 'socket-io' | 'pusher' | 'ably';

/** One provider's server side: what the switch needs, and how to stop it. */
interface ProviderServer {
  provider: SwitchableProvider;
  close(): Promise<void>;
}

const channels = [...faultChannels, providerAnnouncements];

async function startProvider(name: SwitchProvider): Promise<ProviderServer> {
  if (name === 'socket-io') {
    const hub = createHub({ channels, secret: HUB_SECRET, host: '127.0.0.1', port: 0 });
    await hub.listen();
    return {
      provider: {
        authorizer: socketIoAuthorizer({ secret: HUB_SECRET, url: hub.url }),
        publisher: socketIoPublisherTransport({ url: hub.url, secret: HUB_SECRET }),
      },
      close: () => hub.close(),
    };
  }
  if (name === 'pusher') {
    const emulator = await startPusherEmulator(PUSHER_CREDENTIALS);
    const { host, port } = emulator;
    return {
      provider: {
        authorizer: pusherAuthorizer({
          key: PUSHER_CREDENTIALS.key,
          secret: PUSHER_CREDENTIALS.secret,
          wsHost: host,
          wsPort: port,
          forceTLS: false,
        }),
        publisher: pusherPublisherTransport({ ...PUSHER_CREDENTIALS, host, port, useTLS: false }),
      },
      close: () => emulator.close(),
    };
  }
  const emulator = await startAblyEmulator({ keys: [ABLY_KEY], presenceGraceMs: 300 });
  const host = { endpoint: emulator.host, port: emulator.port, tls: false as const };
  return {
    provider: {
      authorizer: ablyAuthorizer({ apiKey: ABLY_KEY, ...host }),
      publisher: ablyPublisherTransport({ apiKey: ABLY_KEY, ...host, clientOptions: ABLY_CLIENT_OPTIONS }),
    },
    close: () => emulator.close(),
  };
}

/** Subscriber modules by literal specifier, as an app lists them. */
const adapters = {
  'socket-io': () => import('@switchboard/socket-io/subscriber'),
  pusher: () => import('@switchboard/pusher/subscriber'),
  ably: () => import('@switchboard/ably/subscriber'),
};

/** What one subscriber saw. */
export interface SwitchSubscriberReport {
  /** Distinct messages delivered. */
  received: number;
  /** Messages never delivered. */
  lost: number;
  /** Handler calls for a message already delivered. */
  duplicates: number;
  /** Deliveries by the provider that made them (`meta.provider`). */
  byProvider: Record<string, number>;
  /** From the announcement (or re-ask) to delivery from the new provider, in ms; undefined if it never moved. */
  moveMs: number | undefined;
  /** Why a move failed, when one did. */
  errors: string[];
}

/** The outcome of one switch run. */
export interface SwitchReport {
  from: SwitchProvider;
  to: SwitchProvider;
  sent: number;
  /** Publishes that failed after the publisher's retries (their callers were told). */
  publishFailed: number;
  rate: number;
  subscribers: SwitchSubscriberReport[];
}

export interface SwitchScenarioOptions {
  from: SwitchProvider;
  to: SwitchProvider;
  /** Messages per second. */
  rate: number;
  /** Messages in all; the switch happens after half of them. */
  messages: number;
  /** @default 2 */
  subscribers?: number;
  /** How long to wait for the last deliveries. @default 60000 */
  settleMs?: number;
}

/** Runs one switch from `from` to `to` mid-stream and reports per subscriber. */
export async function runProviderSwitch(options: SwitchScenarioOptions): Promise<SwitchReport> {
  const { from, to, rate, messages } = options;
  const servers = { [from]: await startProvider(from), [to]: await startProvider(to) } as Record<SwitchProvider, ProviderServer>;
  const providerSwitch = createProviderSwitch({
    providers: { [from]: servers[from].provider, [to]: servers[to].provider },
    current: from as ProviderName,
    migrationWindowMs: 120_000,
  });
  let users = 0;
  const handler = createAuthHandler({
    channels,
    authorizer: providerSwitch.authorizer,
    authenticate: (request) => ({ id: request.headers.get('x-user') ?? `switch-${++users}` }),
  });
  const node = toNodeHandler(handler);
  const http = createServer((request, response) => void node(request, response));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const authEndpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}/realtime/auth`;
  const publisher = createPublisherFromTransport(providerSwitch.transport, { retry: { attempts: 8, deadlineMs: 30_000 } });
  const channel = freshStream(`switch-${from}-${to}`);

  let accepted = 0;
  const failed = new Set<number>();
  const count = options.subscribers ?? 2;
  const watchers = Array.from({ length: count }, (_, index) => {
    const seen = new Set<number>();
    const report: SwitchSubscriberReport = { received: 0, lost: 0, duplicates: 0, byProvider: {}, moveMs: undefined, errors: [] };
    const subscriber = createSubscriber({
      authEndpoint,
      authHeaders: { 'x-user': `switch-user-${index}` },
      adapters,
      onProviderChange: (change: ProviderChange) => {
        if (change.error) report.errors.push(`${change.trigger}: ${change.error.code} ${change.error.message}`);
        else report.moveMs = change.durationMs;
      },
    });
    const subscription = subscriber.subscribe(channel, 'tick', ({ n }, meta) => {
      if (seen.has(n)) report.duplicates += 1;
      else seen.add(n);
      const via = meta.provider ?? 'unknown';
      report.byProvider[via] = (report.byProvider[via] ?? 0) + 1;
    });
    return { subscriber, subscription, seen, report };
  });

  try {
    await Promise.all(watchers.map((watcher) => watcher.subscription.ready));
    const intervalMs = 1000 / rate;
    const started = Date.now();
    let switched: Promise<void> | undefined;
    // A steady rate with at most 16 publishes in flight, as the rest of the fault suite publishes.
    const inFlight = new Set<Promise<void>>();
    for (let n = 0; n < messages; n += 1) {
      if (n === Math.floor(messages / 2)) switched = providerSwitch.switchTo(to as ProviderName);
      const wait = started + n * intervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= 16) await Promise.race(inFlight);
      const flight: Promise<void> = publisher.publish(channel, 'tick', { n }).then(
        () => {
          accepted += 1;
        },
        () => {
          failed.add(n);
        },
      );
      const tracked = flight.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    await switched;
    const settleMs = options.settleMs ?? 60_000;
    await waitFor(() => watchers.every((watcher) => watcher.seen.size >= accepted), settleMs, 'every message delivered').catch(() => {});
    // Let late copies arrive, so duplicates would be counted.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.subscriber.close()));
    await publisher.close().catch(() => {});
    await new Promise((resolve) => http.close(resolve));
    await Promise.all(Object.values(servers).map((server) => server.close().catch(() => {})));
  }
  return {
    from,
    to,
    sent: messages,
    publishFailed: failed.size,
    rate,
    // Lost: accepted by the publisher, never delivered (a publish that failed was reported to its caller).
    subscribers: watchers.map(({ seen, report }) => ({
      ...report,
      received: seen.size,
      lost: [...Array(messages).keys()].filter((n) => !failed.has(n) && !seen.has(n)).length,
    })),
  };
}
