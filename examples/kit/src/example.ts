/**
 * What an example is, for the kit: its channels and access rules, the browser entry the kit
 * bundles, and a backend of Web-standard routes (`Request` → `Response`) mounted under
 * `/<name>/api/`. The kit adds the page, the auth endpoint and sign-in around it.
 */

import type { AuthorizerSource } from '@switchboard/core/auth';
import type { HistoryStore } from '@switchboard/core/history';
import type { AccessRules, AnyChannelDefinition, AuthUser, RealtimePublisher } from '@switchboard/core/server';
import type { PostgresOutbox } from '@switchboard/postgres-outbox';
import type { Database } from './db/database.js';
import type { ExampleProvider } from './provider.js';
import type { DemoSignIn } from './users.js';

/** Everything a backend gets from the kit when it starts. */
export interface ExampleContext {
  /**
   * Publishes to whichever provider the process runs on. Built with {@link ExampleContext.outbox} as
   * its `outbox`, so its own publishes are recorded first, and it is the relay's sender.
   */
  publisher: RealtimePublisher;
  /**
   * The transactional outbox on {@link ExampleContext.database} (schema `switchboard`), for every
   * channel of every example: `createWriteAndPublish(database, outbox)` records a write's messages in
   * its transaction, and the kit's relay sends them once committed.
   */
  outbox: PostgresOutbox;
  /**
   * The process's PostgreSQL database (PGlite in memory, or `DATABASE_URL`), shared by the
   * examples; each keeps its tables in a schema named after it (`migrate(database, name, …)`).
   */
  database: Database;
  provider: ExampleProvider;
  /**
   * The provider's credential issuer, for an example that writes its own auth endpoint (a
   * `"GET /realtime"` / `"POST /realtime"` route replaces the kit's).
   */
  authorizer: AuthorizerSource;
  /**
   * The history store the publisher appends to; an example that writes its own auth endpoint
   * passes it to `createAuthHandler({ history })` so its page can read and catch up.
   */
  history: HistoryStore;
  /** See `RealtimeSetup.publisherEnv`: hand it to worker processes (`forkWorker`). */
  publisherEnv: Record<string, string>;
  /** The signed-in user of a request (bearer JWT from the demo sign-in), or `null`. */
  authenticate(request: Request): Promise<AuthUser | null>;
  signIn: DemoSignIn;
  /** Where the example is mounted, e.g. `/progress` (its API is `/progress/api/…`). */
  basePath: string;
  /** Writes a line to the server log, prefixed with the example's name. */
  log(message: string): void;
}

/** What a route handler learns besides the request. */
export interface RouteContext {
  /** `:name` segments of the route pattern. */
  params: Record<string, string>;
  url: URL;
}

/** A Web-standard handler, as a Next.js route handler or a Netlify function would be. */
export type RouteHandler = (request: Request, context: RouteContext) => Response | Promise<Response>;

/** An example's running backend. */
export interface ExampleBackend {
  /**
   * Routes under `<basePath>/api`, keyed by `"METHOD /path"`; `:name` segments match one path
   * segment (`"PATCH /comments/:id"`). `/realtime` is the kit's auth endpoint unless the example
   * routes it itself.
   */
  routes: Record<string, RouteHandler>;
  /** Stops workers and timers; called once when the server stops. */
  close?(): Promise<void>;
}

/** One example app. */
export interface ExampleDefinition {
  /** URL segment and package suffix: `progress` is served at `/progress/`. */
  name: string;
  /** Shown in the page header and on the index page. */
  title: string;
  /** One or two sentences for the index page. */
  description: string;
  /** Every channel the page subscribes to; the auth endpoint and the hub refuse the others. */
  channels: readonly AnyChannelDefinition[];
  /** Access rules beyond the definitions' own `authorize`. @default [] */
  rules?: AccessRules;
  /** Absolute path of the browser entry (`.ts` or `.tsx`), bundled with esbuild at startup. */
  client: string;
  /**
   * More pages on the same backend: URL segment → browser entry (`.ts`, `.tsx`; `.svelte` files it
   * imports are compiled), served at `/<name>/<segment>/` — e.g. the same app in another framework.
   * @default {}
   */
  pages?: Record<string, string>;
  /** Starts the backend. */
  start(context: ExampleContext): ExampleBackend | Promise<ExampleBackend>;
}

/** Identity helper that keeps the literal types of a definition. */
export function defineExample(definition: ExampleDefinition): ExampleDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new Error(`Example name "${definition.name}" must be a lowercase URL segment`);
  return definition;
}
