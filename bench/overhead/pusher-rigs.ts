/**
 * Pusher Channels on the local emulator, both ways: the `pusher` Node SDK publishes over HTTP and
 * one `pusher-js` connection receives on a public channel. Emulator, publisher and subscriber share
 * this process. Raw is `pusher.trigger(channel, event, data)` and `channel.bind(event)`.
 */
import { pusherPublisher } from '@switchboard/pusher';
import { pusherSubscriber } from '@switchboard/pusher/subscriber';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import Pusher from 'pusher';
import PusherClient from 'pusher-js';
import { BENCH_EVENT, type LessonPayload, lessonPayload } from '../lib/bench-channel.js';
import type { DeliveryRig } from './delivery-rig.js';
import { switchboardDeliveryRig } from './switchboard-rig.js';

export const PUSHER_CREDENTIALS = { appId: '1', key: 'bench-key', secret: 'bench-secret' };

export function startBenchPusherEmulator(): Promise<PusherEmulator> {
  return startPusherEmulator(PUSHER_CREDENTIALS);
}

/** `validate: false` turns validation off on both ends (the validation policy `false`). */
export async function switchboardPusherRig(options: { validate?: false } = {}): Promise<DeliveryRig> {
  const emulator = await startBenchPusherEmulator();
  const publisher = pusherPublisher({ ...PUSHER_CREDENTIALS, host: emulator.host, port: emulator.port, useTLS: false, ...options });
  const subscriber = pusherSubscriber({
    key: PUSHER_CREDENTIALS.key,
    wsHost: emulator.host,
    wsPort: emulator.port,
    forceTLS: false,
    ...options,
  });
  return switchboardDeliveryRig({ publisher, subscriber, closeServer: () => emulator.close() });
}

export async function rawPusherRig(): Promise<DeliveryRig> {
  const emulator = await startBenchPusherEmulator();
  const pusher = new Pusher(emulator.serverOptions());
  const client = new PusherClient(PUSHER_CREDENTIALS.key, emulator.clientOptions());
  const channel = client.subscribe('bench-overhead');
  await new Promise<void>((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve());
    channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(`subscription refused: ${JSON.stringify(error)}`)));
  });
  let listener: (sequence: number) => void = () => {};
  channel.bind(BENCH_EVENT, (data: LessonPayload) => listener(data.lessonId));
  return {
    publish: (sequence) => pusher.trigger('bench-overhead', BENCH_EVENT, lessonPayload(sequence)),
    onDelivery(receive) {
      listener = receive;
    },
    async close() {
      client.disconnect();
      await emulator.close();
    },
  };
}
