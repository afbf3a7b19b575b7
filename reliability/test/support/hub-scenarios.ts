/**
 * The Socket.IO hub's own faults: Redis killed under several hubs, and a client that stops reading.
 * The managed providers (Pusher, Ably) have no Redis of the app's and their own slow-client policy,
 * so these rows are the hub's only.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber } from '@switchboard/core';
import { createHub, socketIoPublisher } from '@switchboard/socket-io';
import { bufferedBytes } from '@switchboard/socket-io/hub';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { quietPeriod, waitFor } from '@switchboard/testing';
import {
  DeliveryLedger,
  type FaultReport,
  faultChannels,
  freshStream,
  PATIENT_RETRY,
  publishSteadily,
  runStreamWithFault,
  type StreamScenarioOptions,
  startRedisServer,
  startStallProxy,
} from '@switchboard/testing/faults';
import type { SocketIoClusterRig } from '../rigs/socket-io-cluster-rig.js';
import { HUB_SECRET } from '../rigs/socket-io-rig.js';

/** Redis killed (SIGKILL) `at` into the stream, down for `outageMs`, restarted; one subscriber per hub. */
export function runRedisOutage(
  rig: SocketIoClusterRig,
  options: StreamScenarioOptions & { outageMs?: number; at?: number } = {},
): Promise<FaultReport> {
  const outageMs = options.outageMs ?? 3000;
  return runStreamWithFault(rig, `Redis killed for ${outageMs / 1000} s under ${rig.hubs.length} hubs`, () => rig.redisOutage(outageMs), {
    at: 0.3,
    subscribers: rig.hubs.length,
    ratePerSecond: 300,
    ...options,
  });
}

export interface StalledClientOptions {
  /** @default 2000 */
  messages?: number;
  /** @default 450 */
  ratePerSecond?: number;
  /** Bytes of padding per message. @default 4000 (with the rate's default, about 1.8 MB/s) */
  padBytes?: number;
  /** The hub's bound. @default its default, 8 MiB */
  maxBufferedBytes?: number;
  /** How long the stalled client stays stalled after the hub cut it. @default 2000 */
  wakeAfterCutMs?: number;
}

/**
 * One subscriber stops reading (a proxy stalls its connection) a tenth into a stream of large
 * messages, and reads again `wakeAfterCutMs` after the hub cut it (or once the stream is over, if the
 * hub never does); another subscriber beside it reads throughout. The note gives the most the hub
 * held for one connection while it was stalled, and during its recovery replay. The hub runs on a
 * redis-server of its own (the stream holds megabytes of padding), stopped at the end.
 */
export async function runStalledClient(options: StalledClientOptions = {}): Promise<FaultReport> {
  const count = options.messages ?? 2000;
  const pad = 'x'.repeat(options.padBytes ?? 4000);
  const redis = await startRedisServer();
  const hub = createHub({
    channels: faultChannels,
    secret: HUB_SECRET,
    host: '127.0.0.1',
    port: 0,
    redis: { url: redis.url, streamName: 'stalled-client', streamMaxLength: 10_000 },
    // The fault-suite subscribers connect without a token (public channels).
    allowAnonymous: true,
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
  });
  await hub.listen().catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  const proxy = await startStallProxy(Number(new URL(hub.url).port));
  const channel = freshStream('stalled-client');
  const ledger = new DeliveryLedger();
  const subscriberAt = (url: string): RealtimeSubscriber =>
    createSubscriberFromTransport(createSubscriberTransport({ url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 500 }));
  const steady = subscriberAt(hub.url);
  const stalled = subscriberAt(proxy.url);
  const publisher = socketIoPublisher({ url: hub.url, secret: HUB_SECRET, retry: PATIENT_RETRY });
  const most = { stalled: 0, replay: 0 };
  let resumed = false;
  const sampler = setInterval(() => {
    for (const socket of hub.io?.of('/').sockets.values() ?? []) {
      const phase = resumed ? 'replay' : 'stalled';
      most[phase] = Math.max(most[phase], bufferedBytes(socket));
    }
  }, 10);
  const rate = options.ratePerSecond ?? 450;
  const stallThenWake = async () => {
    proxy.stall();
    // Cut: the hub holds one connection (the steady one) until the stalled client reads again.
    const cut = () => (hub.io?.of('/').sockets.size ?? 2) < 2;
    await waitFor(cut, (count / rate) * 1000, 'the hub to cut the stalled client').catch(() => {});
    await quietPeriod(options.wakeAfterCutMs ?? 2000);
    resumed = true;
    proxy.resume();
  };
  let cuts = 0;
  try {
    await ledger.observe('steady', steady, channel);
    await ledger.observe('stalled', stalled, channel);
    stalled.onStateChange((change) => {
      if (change.previous === 'connected' && change.current !== 'connected') cuts += 1;
    });
    const stream = await publishSteadily({
      count,
      ratePerSecond: rate,
      ledger,
      milestones: [{ atIndex: Math.floor(count / 10), run: stallThenWake }],
      publish: (n) => {
        const data = { n, pad };
        return publisher.publish(channel, 'tick', data);
      },
    });
    await waitFor(() => ledger.settled(), 60_000, 'both subscribers to have everything').catch(() => {});
    clearInterval(sampler);
    await quietPeriod(300);
    const bound = options.maxBufferedBytes ?? 8 * 1024 * 1024;
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    return {
      provider: 'socket-io + Redis',
      fault: `a client stops reading (${Math.round((pad.length * rate) / 1e5) / 10} MB/s to it)`,
      ...ledger.tally(),
      suppressedDuplicates: 0,
      achievedRate: stream.achievedRate,
      durationMs: stream.durationMs,
      note: `most held for one connection: ${mib(most.stalled)} while stalled, ${mib(most.replay)} during its recovery replay (maxBufferedBytes ${mib(bound)}); stalled connection cut ${cuts}×`,
    };
  } finally {
    clearInterval(sampler);
    ledger.stop();
    await Promise.all([steady.close(), stalled.close(), publisher.close()].map((closing) => closing.catch(() => {})));
    await proxy.close();
    await hub.close();
    await redis.stop();
  }
}
