/**
 * @switchboard/testing/conformance — the one suite every adapter runs: `runConformance({ name, setup })`
 * with a harness of real clients on the adapter's real server or emulator. Cases skip only by
 * declared capability, and say what they skipped.
 *
 * @module @switchboard/testing/conformance
 */
export {
  conformanceChannels,
  objectSchema,
  presenceRoom,
  privateInbox,
  publicRoom,
  strictMemberName,
  strictPresenceRoom,
} from './catalog.js';
export type { ConformanceCatalog, ConformanceHarness, ConformanceOptions } from './harness.js';
export { type HealthHarness, runHealthChecks } from './health-suite.js';
export { runConformance } from './run-conformance.js';
export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';
