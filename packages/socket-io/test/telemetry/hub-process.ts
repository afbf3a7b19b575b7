/**
 * One process of the cross-process trace test: a hub with `openTelemetryHub()` and the SDK's
 * in-memory exporters. Prints `{ url }`, fails the first publish when FAIL_FIRST is set (so the
 * publisher retries), and prints its spans and metrics on the stdin line `dump`.
 */
import { createInterface } from 'node:readline';
import { openTelemetryHub } from '@switchboard/core/telemetry';
import { conformanceChannels } from '@switchboard/testing/conformance';
import { inMemoryTelemetry, printable } from '../../../core/test/support/otel.js';
import { startHub } from '../helpers.js';

const otel = inMemoryTelemetry();
const hub = await startHub(conformanceChannels, { telemetry: openTelemetryHub(otel) });
if (process.env.FAIL_FIRST) hub.failNextPublishes(Number(process.env.FAIL_FIRST));
console.log(JSON.stringify({ url: hub.url }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'dump') continue;
  console.log(
    JSON.stringify({ dump: await printable(otel, { delivered: ['switchboard.messages.delivered', { 'switchboard.side': 'hub' }] }) }),
  );
  await hub.close();
  process.exit(0);
}
