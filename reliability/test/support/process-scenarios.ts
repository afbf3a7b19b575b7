/**
 * Faults 3 and 4, which need a second process: a publisher killed with messages in its outbox,
 * and a provider server killed and restarted on the same port.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber } from '@switchboard/core';
import { redisOutbox } from '@switchboard/core/outbox';
import { waitFor } from '@switchboard/testing';
import {
  DeliveryLedger,
  type FaultReport,
  faultChannels,
  faultStream,
  runStreamWithFault,
  type StreamScenarioOptions,
} from '@switchboard/testing/faults';
import { type Fixture, startFixture } from '../fixtures/child-process.js';
import { clientsOnlyRig, type NetworkRig, type ProviderClients } from '../rigs/network-rig.js';
import { REDIS_URL, uniqueStream } from './redis.js';

export interface PublisherKilledOptions {
  /** Messages the first publisher delivers before the fault. @default 50 */
  before?: number;
  /** Messages in all; the rest are left in its outbox when it is killed. @default 250 */
  total?: number;
  subscribers?: number;
  /** The outbox's Redis. @default REDIS_URL (the shared one, which keeps no append-only file) */
  redisUrl?: string;
  /** @default true, for the shared Redis */
  allowVolatileRedis?: boolean;
  /** Runs once the publisher process is dead, before the next publisher recovers (crash the outbox's Redis). */
  afterKill?: () => Promise<void>;
  /** The row's label. @default 'publisher killed with messages in its outbox' */
  fault?: string;
}

/** Fault 3: the publish endpoint fails, a publisher process records messages in its outbox and is killed; the next publisher sends them. */
export async function runPublisherKilled(rig: NetworkRig, options: PublisherKilledOptions = {}): Promise<FaultReport> {
  const before = options.before ?? 50;
  const total = options.total ?? 250;
  const run = `killed-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const channel = faultStream({ run });
  const stream = uniqueStream('outbox');
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const allowVolatileRedis = options.allowVolatileRedis ?? true;
  const ledger = new DeliveryLedger();
  const subscribers: RealtimeSubscriber[] = [];
  const observer = redisOutbox({ url: redisUrl, allowVolatileRedis, stream, channels: faultChannels });
  const next = rig.publisher({
    outbox: redisOutbox({
      url: redisUrl,
      allowVolatileRedis,
      stream,
      channels: faultChannels,
      leaseMs: 1000,
      recoverIntervalMs: 200,
    }),
  });
  let child: Fixture | undefined;
  let stopFailing: (() => void) | undefined;
  const started = Date.now();
  try {
    for (let index = 0; index < (options.subscribers ?? 2); index += 1) {
      const subscriber = createSubscriberFromTransport(rig.subscriberTransport());
      subscribers.push(subscriber);
      await ledger.observe(`subscriber ${index + 1}`, subscriber, channel);
    }
    child = startFixture('./outbox-publisher.ts', {
      publisher: rig.publisherConfig(),
      redisUrl,
      allowVolatileRedis,
      stream,
      run,
      before,
      total,
    });
    await child.line('ready');
    const readyAt = Date.now();
    for (let n = 0; n < before; n += 1) ledger.publishing(n, started).accepted(readyAt);
    stopFailing = rig.failPublishes(503);
    child.send('go\n');
    await child.line('fired');
    await waitFor(async () => (await observer.size()) === total - before, 20_000, `${total - before} messages in the outbox`);
    await child.kill();
    await options.afterKill?.();
    stopFailing();
    stopFailing = undefined;
    await next.recoverOutbox?.();
    await waitFor(async () => (await observer.size()) === 0, 30_000, 'the next publisher to empty the outbox');
    const recoveredAt = Date.now();
    for (let n = before; n < total; n += 1) ledger.publishing(n, readyAt).accepted(recoveredAt);
    await waitFor(() => ledger.settled(), 15_000, 'every message delivered').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      provider: rig.name,
      fault: options.fault ?? 'publisher killed with messages in its outbox',
      ...ledger.tally(),
      suppressedDuplicates: 0,
      achievedRate: 0,
      durationMs: Date.now() - started,
    };
  } finally {
    stopFailing?.();
    await child?.kill();
    await Promise.all(subscribers.map((subscriber) => subscriber.close().catch(() => {})));
    ledger.stop();
    await next.close();
    await observer.close();
  }
}

export interface ServerProcess {
  kind: 'socket-io' | 'pusher' | 'ably';
  name: string;
  /** Extra configuration for fixtures/serve.ts (secret, Redis stream, credentials). */
  config: Record<string, unknown>;
  clients(port: number): ProviderClients;
}

/** Fault 4: the provider's server process is killed (SIGKILL) mid-stream and restarted on the same port. */
export async function runServerRestart(server: ServerProcess, options: StreamScenarioOptions = {}): Promise<FaultReport> {
  let fixture = startFixture('./serve.ts', { kind: server.kind, port: 0, ...server.config });
  try {
    const { port } = await fixture.line<{ port: number }>('listening ');
    const rig = clientsOnlyRig(server.name, server.clients(port));
    return await runStreamWithFault(
      rig,
      'server process killed and restarted',
      async () => {
        await fixture.kill();
        fixture = startFixture('./serve.ts', { kind: server.kind, port, ...server.config });
        await fixture.line('listening ');
      },
      { at: 0.4, ...options },
    );
  } finally {
    await fixture.kill();
  }
}

export { REDIS_URL, uniqueStream };
