/**
 * Socket.IO, both ways, with the same layout: hub and publisher in this process, one client
 * connection over a WebSocket on 127.0.0.1, one room. Raw is a hand-written integration:
 * `io.to(room).emit(event, data)` and `socket.on(event)`.
 */
import { createHub, socketIoPublisher } from '@switchboard/socket-io';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
import { io as connect } from 'socket.io-client';
import { BENCH_EVENT, BENCH_SECRET, benchFeed, type LessonPayload, lessonPayload } from '../lib/bench-channel.js';
import { startRawSocketIoServer } from '../lib/raw-socket-io-server.js';
import type { DeliveryRig } from './delivery-rig.js';
import { switchboardDeliveryRig } from './switchboard-rig.js';

/** `validate: false` turns validation off on both ends (the validation policy `false`). */
export async function switchboardSocketIoRig(options: { validate?: false } = {}): Promise<DeliveryRig> {
  const hub = createHub({ channels: [benchFeed], secret: BENCH_SECRET, port: 0, host: '127.0.0.1', allowAnonymous: true });
  await hub.listen();
  const publisher = socketIoPublisher({ hub, ...options });
  const subscriber = socketIoSubscriber({ url: hub.url, socketOptions: { transports: ['websocket'] }, ...options });
  return switchboardDeliveryRig({ publisher, subscriber, closeServer: () => hub.close() });
}

/** `recovery` turns on Socket.IO's connection-state recovery, which the Switchboard hub always enables. */
export async function rawSocketIoRig(options: { recovery?: boolean } = {}): Promise<DeliveryRig> {
  const server = await startRawSocketIoServer(options);
  const client = connect(server.url, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  await client.emitWithAck('join', 'overhead');
  let listener: (sequence: number) => void = () => {};
  client.on(BENCH_EVENT, (data: LessonPayload) => listener(data.lessonId));
  return {
    async publish(sequence) {
      server.io.to('overhead').emit(BENCH_EVENT, lessonPayload(sequence));
    },
    onDelivery(receive) {
      listener = receive;
    },
    async close() {
      client.disconnect();
      await server.close();
    },
  };
}
