/**
 * One process of the cross-process trace test: a Socket.IO subscriber whose transport is traced
 * (`tracedSubscriberTransport`). Subscribes to `argv[3]` on the hub at `argv[2]`, prints
 * `{ ready }`, and once a message arrived prints its spans and metrics and exits.
 */
import { createSubscriberFromTransport } from '@switchboard/core';
import { tracedSubscriberTransport } from '@switchboard/core/telemetry';
import { publicRoom } from '@switchboard/testing/conformance';
import { inMemoryTelemetry, printable } from '../../../core/test/support/otel.js';
import { createSubscriberTransport } from '../../src/subscriber/index.js';

const [url, room] = process.argv.slice(2) as [string, string];
const otel = inMemoryTelemetry();
const subscriber = createSubscriberFromTransport(tracedSubscriberTransport(createSubscriberTransport({ url }), otel));
const received = new Promise<string>((resolve) => {
  subscriber.subscribe(publicRoom({ room }), 'note', (_data, meta) => resolve(meta.id));
});
await subscriber.subscribe(publicRoom({ room }), 'ping', () => {}).ready;
console.log(JSON.stringify({ ready: true }));
const id = await received;
await subscriber.close();
console.log(
  JSON.stringify({
    delivered: { id, ...(await printable(otel, { latency: ['switchboard.delivery.latency', { 'switchboard.side': 'subscriber' }] })) },
  }),
);
process.exit(0);
