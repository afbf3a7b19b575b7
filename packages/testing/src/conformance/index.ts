/**
 * @switchboard/testing/conformance — the one suite every adapter runs: `runConformance({ name, setup })`
 * with a test bed of the adapter's raw transports on its real server or emulator, which the suite
 * wraps in core itself. Cases skip only by declared capability (or, for the auth-endpoint cases,
 * an adapter that takes no credential from an endpoint), and say what they skipped.
 *
 * @module @switchboard/testing/conformance
 */
export {
  conformanceChannels,
  conformanceUserEvents,
  objectSchema,
  presenceRoom,
  privateInbox,
  publicRoom,
  strictMemberName,
  strictPresenceRoom,
} from './catalog.js';
export type { ConformanceAuthEndpoint, ConformanceCatalog, ConformanceOptions, ConformanceTestBed } from './harness.js';
export { type HealthHarness, runHealthChecks } from './health-suite.js';
export { runConformance } from './run-conformance.js';
export type { ConformanceClients } from './test-bed-clients.js';
export { checkReadyWhileUnreachable, type RunningService, type UnreachableServiceCase } from './unreachable-service.js';
export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';
