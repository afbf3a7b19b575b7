/**
 * Server-side tests of an example's routes, without a browser: starts one example's backend on an
 * embedded PGlite database with the transactional outbox and its relay, as the kit's server does,
 * and the publisher the test builds on that outbox (a real one, e.g. on the Pusher emulator with
 * injected failures), and calls its routes as Web-standard requests signed in as a demo user.
 */
import { memoryHistory } from '@switchboard/core/history';
import type { RealtimePublisher } from '@switchboard/core/server';
import { type OutboxRelay, type PostgresOutbox, postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { type Database, openDatabase } from '../db/database.js';
import type { ExampleBackend, ExampleDefinition } from '../example.js';
import { createRouter } from '../http.js';
import { createDemoSignIn } from '../users.js';

/** A running backend and a way to call it. */
export interface BackendUnderTest {
  database: Database;
  /** The outbox the routes record in (schema `switchboard` of {@link BackendUnderTest.database}). */
  outbox: PostgresOutbox;
  /** The relay sending what committed through the test's publisher. */
  relay: OutboxRelay;
  publisher: RealtimePublisher;
  backend: ExampleBackend;
  /** Calls `METHOD /path` of the example's API as `userId` (or signed out with `null`). */
  call(method: string, path: string, userId: string | null, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Lines the example logged. */
  logged: string[];
  /** Wakes the relay until the outbox holds nothing unsent (rejects after `timeoutMs`). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startBackend}. */
export interface StartBackendOptions {
  /** `DATABASE_URL` for a PostgreSQL server; PGlite in memory without it. */
  env?: Record<string, string | undefined>;
  /** What worker processes get to build their own publisher (`context.publisherEnv`). @default {} */
  publisherEnv?: Record<string, string>;
}

/**
 * Starts `example`'s backend; `createPublisher` builds the publisher on the given outbox (pass it
 * as the publisher's `outbox` option, so the relay can send through it).
 */
export async function startBackend(
  example: ExampleDefinition,
  createPublisher: (outbox: PostgresOutbox) => RealtimePublisher,
  options: StartBackendOptions = {},
): Promise<BackendUnderTest> {
  const database = await openDatabase(options.env ?? {});
  const outbox = postgresOutbox({ database: database.driver, channels: example.channels });
  await outbox.migrate();
  const publisher = createPublisher(outbox);
  const logged: string[] = [];
  const relay = await startRelay({
    outbox,
    publisher,
    listener: database.listener(),
    onError: (error) => logged.push(`[outbox relay] ${error instanceof Error ? error.message : String(error)}`),
  });
  const signIn = createDemoSignIn(undefined);
  const backend = await example.start({
    publisher,
    outbox,
    database,
    provider: 'socket-io',
    authorizer: () => {
      throw new Error('startBackend: no provider credentials in server tests');
    },
    history: memoryHistory(),
    publisherEnv: options.publisherEnv ?? {},
    authenticate: signIn.authenticate,
    signIn,
    basePath: `/${example.name}`,
    log: (line) => logged.push(line),
  });
  const route = createRouter(backend.routes);
  return {
    database,
    outbox,
    relay,
    publisher,
    backend,
    logged,
    async drained(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await outbox.pending()) > 0) {
        if (Date.now() > deadline) throw new Error(`The outbox still holds ${await outbox.pending()} unsent messages`);
        await relay.wake();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async call(method, path, userId, body) {
      const headers: Record<string, string> = {};
      if (userId) headers.authorization = `Bearer ${await signIn.issueToken(userId)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const request = new Request(`http://example.test/${example.name}/api${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const response = await route(request, new URL(request.url).pathname.slice(`/${example.name}/api`.length));
      if (!response) throw new Error(`No route ${method} ${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await backend.close?.();
      await relay.close();
      await publisher.close(); // closes the outbox too
      await database.close();
    },
  };
}
