/**
 * @switchboard/testing — what you need to test realtime code without accounts: the conformance
 * suite (`@switchboard/testing/conformance`), the Pusher and Ably protocol emulators, and helpers.
 *
 * @module @switchboard/testing
 */
export { freePort } from './ports.js';
export { Collector, quietPeriod, waitFor } from './wait.js';
