/**
 * Ably on the local emulator, both ways: REST publishes, one Realtime connection receives. Emulator,
 * publisher and subscriber share this process. Raw is `rest.channels.get(name).publish(event, data)`
 * and `realtime.channels.get(name).subscribe(event)`, with the API key on both clients (a
 * server-side integration); Switchboard's subscriber gets a subscribe-only token from its authorizer.
 */
import { ablyAuthorizer, ablyPublisher } from '@switchboard/ably';
import { ablySubscriber } from '@switchboard/ably/subscriber';
import { createChannelChecker } from '@switchboard/core';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import * as Ably from 'ably';
import { BENCH_EVENT, benchFeed, type LessonPayload, lessonPayload } from '../lib/bench-channel.js';
import type { DeliveryRig } from './delivery-rig.js';
import { switchboardDeliveryRig } from './switchboard-rig.js';

export const ABLY_API_KEY = 'benchapp.benchkey:bench-secret-value';

export function startBenchAblyEmulator(): Promise<AblyEmulator> {
  return startAblyEmulator({ keys: [ABLY_API_KEY] });
}

export const ablyHost = (emulator: AblyEmulator) => ({ endpoint: emulator.host, port: emulator.port, tls: false as const });

/** `validate: false` turns validation off on both ends (the validation policy `false`). */
export async function switchboardAblyRig(options: { validate?: false } = {}): Promise<DeliveryRig> {
  const emulator = await startBenchAblyEmulator();
  const host = ablyHost(emulator);
  const authorizer = ablyAuthorizer({ apiKey: ABLY_API_KEY, ...host });
  const checker = createChannelChecker([benchFeed]);
  const user = { id: 'bench-user' };
  const publisher = ablyPublisher({ apiKey: ABLY_API_KEY, ...host, ...options });
  const subscriber = ablySubscriber({
    ...host,
    ...options,
    authCallback: (channels) => authorizer.authorize({ user, body: { channels }, check: (name) => checker(user, name) }),
    clientOptions: { logLevel: 0 },
  });
  return switchboardDeliveryRig({ publisher, subscriber, closeServer: () => emulator.close() });
}

export async function rawAblyRig(): Promise<DeliveryRig> {
  const emulator = await startBenchAblyEmulator();
  const options = { key: ABLY_API_KEY, ...ablyHost(emulator), useBinaryProtocol: false, logLevel: 0 };
  const rest = new Ably.Rest(options);
  const realtime = new Ably.Realtime(options);
  const channel = realtime.channels.get('bench-overhead');
  let listener: (sequence: number) => void = () => {};
  await channel.subscribe(BENCH_EVENT, (message) => listener((message.data as LessonPayload).lessonId));
  const publishing = rest.channels.get('bench-overhead');
  return {
    publish: (sequence) => publishing.publish(BENCH_EVENT, lessonPayload(sequence)),
    onDelivery(receive) {
      listener = receive;
    },
    async close() {
      realtime.close();
      await emulator.close();
    },
  };
}
