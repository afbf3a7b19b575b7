export { conformanceChannels, objectSchema, presenceRoom, privateInbox, publicRoom } from './catalog.js';
export type { ConformanceCatalog, ConformanceHarness, ConformanceOptions } from './harness.js';
export { runConformance } from './run-conformance.js';
