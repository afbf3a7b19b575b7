/**
 * One process of the cross-process trace test: an HTTP publisher with `openTelemetryPublisher()`.
 * Publishes one note to `argv[3]` on the hub at `argv[2]` (retrying if the hub fails it), prints its
 * spans and metrics and exits.
 */

import { openTelemetryPublisher } from '@switchboard/core/telemetry';
import { publicRoom } from '@switchboard/testing/conformance';
import { inMemoryTelemetry, printable } from '../../../core/test/support/otel.js';
import { socketIoPublisher } from '../../src/index.js';
import { SECRET } from '../helpers.js';

const [url, room] = process.argv.slice(2) as [string, string];
const otel = inMemoryTelemetry();
const publisher = socketIoPublisher({
  url,
  secret: SECRET,
  retry: { attempts: 5, baseDelayMs: 20 },
  telemetry: openTelemetryPublisher(otel),
});
const { id } = await publisher.publish(publicRoom({ room }), 'note', { text: 'across processes', n: 1 });
await publisher.close();
console.log(JSON.stringify({ published: { id, ...(await printable(otel, { retries: ['switchboard.publish.retries'] })) } }));
process.exit(0);
