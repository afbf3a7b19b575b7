/**
 * The examples' one http server: the index page, each example's page, API routes and auth
 * endpoint, the bundled assets, and (on socket-io) the embedded hub, all on one port. It also
 * runs the transactional outbox's relay: routes record messages in their transaction, the relay
 * sends the committed ones through the publisher.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';
import type { AccessRules, AnyChannelDefinition } from '@switchboard/core/server';
import { type OutboxRelay, postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { bundleClients } from './bundle.js';
import { type Database, openDatabase } from './db/database.js';
import type { ExampleBackend, ExampleDefinition } from './example.js';
import { createExampleHistory } from './history.js';
import { renderExamplePage, renderIndexPage } from './html.js';
import { createRouter, json, jsonError, readJson } from './http.js';
import { type ExampleProvider, startRealtime } from './provider.js';
import { createDemoSignIn } from './users.js';

export interface StartExamplesOptions {
  examples: readonly ExampleDefinition[];
  /**
   * Port to listen on; when it is taken, a free one is used instead. `0` picks a free one.
   * @default Number(env.PORT) || 3000
   */
  port?: number;
  /** @default env.HOST ?? '127.0.0.1' */
  host?: string;
  /**
   * `'switch'`: the embedded hub and the Pusher and Ably emulators side by side, switchable live
   * from the index page (provider-switch.ts); `'single'` or `true`: only the emulator
   * `REALTIME_PROVIDER` names (default pusher). @default false
   */
  emulators?: boolean | 'single' | 'switch';
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default console.log */
  log?: (line: string) => void;
}

/** Running examples. */
export interface RunningExamples {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  provider: ExampleProvider;
  providerLabel: string;
  /** True when the requested port was taken and another was used. */
  portFallback: boolean;
  /** With `emulators: 'switch'`: the token of the operator control (`POST /operator/provider`). */
  operatorToken?: string;
  /** Stops the backends, the provider (hub, emulators) and the server. Safe to call twice. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function listenWithFallback(server: Server, port: number, host: string): Promise<boolean> {
  try {
    await listen(server, port, host);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    await listen(server, 0, host);
    return true;
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Starts the examples on one port. */
export async function startExamples(options: StartExamplesOptions): Promise<RunningExamples> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const examples = options.examples;
  if (examples.length === 0) throw new Error('startExamples: no examples given');
  const names = examples.map((example) => example.name);
  if (new Set(names).size !== names.length) throw new Error(`startExamples: duplicate example names in ${names.join(', ')}`);

  const bundle = await bundleClients(
    Object.fromEntries(
      examples.flatMap((example) => [
        [example.name, example.client],
        ...Object.entries(example.pages ?? {}).map(([segment, entry]) => [`${example.name}-${segment}`, entry]),
      ]),
    ),
  );
  const signIn = createDemoSignIn(env.DEMO_JWT_SECRET);
  const mounted = new Map<string, { definition: ExampleDefinition; handle: (request: Request, path: string) => Promise<Response> }>();
  let renderIndex = () => '';

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === 'GET' && path === '/') {
      if (examples.length === 1) return new Response(null, { status: 302, headers: { location: `/${examples[0]?.name}/` } });
      return new Response(renderIndex(), { headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    if (request.method === 'GET' && path.startsWith('/assets/')) {
      const asset = bundle.assets.get(path);
      if (!asset) return jsonError(404, 'NOT_FOUND', `No asset ${path}`);
      return new Response(asset.contents as Uint8Array<ArrayBuffer>, { headers: { 'content-type': asset.contentType } });
    }
    if (path === '/favicon.ico') return new Response(null, { status: 204 });
    if (path === '/api/users' && request.method === 'GET') return json(200, { users: signIn.users });
    if (path === '/api/sign-in' && request.method === 'POST') {
      const userId = (await readJson(request))?.userId;
      const token = typeof userId === 'string' ? await signIn.issueToken(userId) : undefined;
      if (!token) return jsonError(400, 'UNKNOWN_USER', `Pick one of: ${signIn.users.map((user) => user.id).join(', ')}`);
      return json(200, { token, user: signIn.users.find((user) => user.id === userId) });
    }
    const operated = realtime?.operator?.handle(request);
    if (operated) return operated;
    const [, name = '', ...rest] = path.split('/');
    const example = mounted.get(name);
    if (!example) return jsonError(404, 'NOT_FOUND', `Nothing at ${path}`);
    if (rest.length === 0) return new Response(null, { status: 308, headers: { location: `/${name}/${url.search}` } });
    return example.handle(request, `/${rest.join('/')}`);
  }

  const server = createServer(toNodeHandler(route));
  const requestedPort = options.port ?? (Number(env.PORT ?? 3000) || (env.PORT === '0' ? 0 : 3000));
  const host = options.host ?? env.HOST ?? '127.0.0.1';
  const portFallback = await listenWithFallback(server, requestedPort, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const backends: ExampleBackend[] = [];
  let closing: Promise<void> | undefined;
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let realtime: Awaited<ReturnType<typeof startRealtime>> | undefined;
  const history = createExampleHistory(env);
  let database: Database | undefined;
  let relay: OutboxRelay | undefined;
  try {
    database = await openDatabase(env);
    const db = database;
    const channels = unique(examples.flatMap((example): readonly AnyChannelDefinition[] => example.channels));
    // One outbox for every example, created before the publisher that relays from it. Processes on
    // one DATABASE_URL share it (and relay each other's rows), so they must run the same examples on
    // the same provider; give other ones a schema of their own with OUTBOX_SCHEMA.
    const outbox = postgresOutbox({ database: db.driver, channels, schema: env.OUTBOX_SCHEMA?.trim() || 'switchboard' });
    await outbox.migrate();
    realtime = await startRealtime({
      server,
      serverUrl: url,
      channels,
      outbox,
      rules: examples.flatMap((example): AccessRules => example.rules ?? []),
      emulators: options.emulators ?? false,
      env,
      history: history.store,
      historyEnv: history.env,
    });
    const setup = realtime;
    renderIndex = () => renderIndexPage(examples, setup.label, Boolean(setup.operator));
    // Woken by the outbox's NOTIFY at each commit; polls every 2 s in case a notification is lost.
    relay = await startRelay({
      outbox,
      publisher: setup.publisher,
      listener: db.listener(),
      onError: (error) => log(`[outbox relay] ${error instanceof Error ? error.message : String(error)}`),
    });
    for (const definition of examples) {
      const basePath = `/${definition.name}`;
      const backend = await definition.start({
        publisher: setup.publisher,
        outbox,
        database: db,
        provider: setup.provider,
        publisherEnv: setup.publisherEnv,
        authorizer: setup.authorizer,
        history: history.store,
        authenticate: signIn.authenticate,
        signIn,
        basePath,
        log: (message) => log(`[${definition.name}] ${message}`),
      });
      backends.push(backend);
      const realtimeAuth = createAuthHandler({
        authenticate: signIn.authenticate,
        channels: [...definition.channels, ...(setup.channels ?? [])],
        rules: definition.rules ?? [],
        authorizer: setup.authorizer,
        history: history.store,
      });
      const api = createRouter(backend.routes);
      const renderPage = (script: string) =>
        renderExamplePage(
          {
            example: definition.name,
            title: definition.title,
            basePath,
            providerLabel: setup.label,
            users: signIn.users,
            hasIndex: examples.length > 1,
          },
          script,
        );
      // The example's page, and its other pages (`pages`): the same header and backend, another entry.
      const pages = new Map([['/', renderPage(bundle.entryScripts.get(definition.name) as string)]]);
      for (const segment of Object.keys(definition.pages ?? {})) {
        pages.set(`/${segment}/`, renderPage(bundle.entryScripts.get(`${definition.name}-${segment}`) as string));
      }
      mounted.set(definition.name, {
        definition,
        async handle(request, path) {
          const html = request.method === 'GET' ? pages.get(path) : undefined;
          if (html) return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
          if (path.startsWith('/api/')) {
            const answer = api(request, path.slice('/api'.length));
            if (answer) return answer;
          }
          if (path === '/api/realtime') return realtimeAuth(request);
          return jsonError(404, 'NOT_FOUND', `Nothing at ${basePath}${path}`);
        },
      });
    }
  } catch (error) {
    await Promise.allSettled(backends.map((backend) => backend.close?.()));
    await relay?.close();
    await realtime?.close();
    await history.store.close().catch(() => {});
    await database?.close();
    await stopServer();
    throw error;
  }
  const setup = realtime;
  const openedDatabase = database;
  const runningRelay = relay;

  return {
    url,
    provider: setup.provider,
    providerLabel: setup.label,
    portFallback,
    ...(setup.operator ? { operatorToken: setup.operator.token } : {}),
    close() {
      closing ??= (async () => {
        await Promise.allSettled(backends.map((backend) => backend.close?.()));
        await runningRelay?.close();
        // The publisher's close() closes the outbox too (unsent rows are handed back at once).
        await setup.close();
        await history.store.close().catch(() => {});
        await openedDatabase.close();
        await stopServer();
      })();
      return closing;
    },
  };
}
