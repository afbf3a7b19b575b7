/**
 * @switchboard-example/kit — what every Switchboard example shares on the server: `defineExample`,
 * `startExamples` / `runExamples` (one http server, the provider, sign-in, auth endpoints, bundled
 * pages), worker processes and small Web-standard helpers. The browser half is `./client`, the
 * end-to-end test helpers are `./testing`.
 */
export { bundleClients, type ClientBundle } from './bundle.js';
export {
  createWriteAndPublish,
  type Database,
  isoTime,
  type Migration,
  migrate,
  openDatabase,
  type Queryable,
  type QueuedMessages,
  type WriteAndPublish,
} from './db/index.js';
export { type RunningEmulator, startAbly, startEmulator, startPusher } from './emulators.js';
export {
  defineExample,
  type ExampleBackend,
  type ExampleContext,
  type ExampleDefinition,
  type RouteContext,
  type RouteHandler,
} from './example.js';
export { createExampleHistory, type ExampleHistory, HISTORY_PREFIX_VARIABLE, historyFromEnv } from './history.js';
export { escapeHtml, type PageConfig } from './html.js';
export { createRouter, json, jsonError, readJson, type SignedInHandler, signedIn } from './http.js';
export { type ExampleProvider, type RealtimeSetup, startRealtime } from './provider.js';
export { type RunExamplesOptions, runExamples } from './run.js';
export { type RunningExamples, type StartExamplesOptions, startExamples } from './server.js';
export { createDemoSignIn, DEMO_USERS, type DemoSignIn, type DemoUser } from './users.js';
export { exitWithParent, forkWorker, switchWorkers, type WorkerProcess } from './worker.js';
export { workerPublisherFromEnv } from './worker-publisher.js';
