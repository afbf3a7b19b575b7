/**
 * What the migration guides' "after" code needs around it to run for real in a Node test: the
 * provider (the Ably or Pusher emulator, with the same variables `switchboard-emulators` prints),
 * the app's HTTP server mounting Web handlers at the paths the guide names, and a "browser" whose
 * relative URLs (`authEndpoint: '/api/realtime'`) resolve against that server, as they do on a page
 * served from it, and which sends the page's session cookie. The guides' snippets themselves are
 * imported unchanged; only `docs/snippets/your-app/*` (declared stand-ins for the app's database,
 * CMS and session) get small implementations in each test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@switchboard/core/auth';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { vi } from 'vitest';

/** A running provider and the environment variables that point the guides' code at it. */
export interface Provider {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The Ably emulator, with the variables `publisherFromEnv` and `authorizerFromEnv` read. */
export async function startAbly(): Promise<Provider & { emulator: AblyEmulator }> {
  const apiKey = 'migrations.local:migrations-secret';
  const emulator = await startAblyEmulator({ keys: [apiKey] });
  return {
    emulator,
    env: {
      REALTIME_PROVIDER: 'ably',
      ABLY_API_KEY: apiKey,
      ABLY_ENDPOINT: emulator.host,
      ABLY_PORT: String(emulator.port),
      ABLY_TLS: 'false',
    },
    close: () => emulator.close(),
  };
}

/** The Pusher emulator, with the `PUSHER_*` variables. */
export async function startPusher(): Promise<Provider & { emulator: PusherEmulator }> {
  const credentials = { appId: '4242', key: 'migrations-key', secret: 'migrations-secret' };
  const emulator = await startPusherEmulator(credentials);
  return {
    emulator,
    env: {
      REALTIME_PROVIDER: 'pusher',
      PUSHER_APP_ID: credentials.appId,
      PUSHER_KEY: credentials.key,
      PUSHER_SECRET: credentials.secret,
      PUSHER_HOST: emulator.host,
      PUSHER_PORT: String(emulator.port),
      PUSHER_USE_TLS: 'false',
    },
    close: () => emulator.close(),
  };
}

/** Sets `variables` in process.env (the guides' modules read it when imported); undone by the returned function. */
export function useEnv(variables: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** A Web handler as the guide mounts it, with the route's params (Next.js style) when it has any. */
export type Route = (request: Request, params: Record<string, string>) => Response | Promise<Response>;

/** The app's server: `routes` maps a path pattern (`/api/comments/:chapterId`) to its handler. */
export interface AppServer {
  origin: string;
  /** Answers that were 5xx (must stay empty: a guide's code never answers INTERNAL when used as written). */
  failures: string[];
  close(): Promise<void>;
}

function matcher(pattern: string): (pathname: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return (pathname) => {
    const match = regex.exec(pathname);
    return match ? Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')])) : undefined;
  };
}

export async function startApp(routes: Record<string, Route>): Promise<AppServer> {
  const table = Object.entries(routes).map(([pattern, route]) => ({ match: matcher(pattern), route }));
  const failures: string[] = [];
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    for (const { match, route } of table) {
      const params = match(pathname);
      if (!params) continue;
      const handler = toNodeHandler(async (webRequest: Request) => {
        const answer = await route(webRequest, params);
        if (answer.status >= 500) failures.push(`${request.method} ${pathname}: ${answer.status} ${await answer.clone().text()}`);
        return answer;
      });
      return void handler(request, response);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failures,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Makes this process's `fetch` behave like a page served from `origin`: relative URLs resolve
 * against it, and requests to it carry the page's `cookie` (the app's session). Absolute URLs to
 * anywhere else are untouched. Undone by the returned function.
 */
export function actAsPageOf(origin: string, cookie?: string): () => void {
  const realFetch = globalThis.fetch;
  const pageFetch: typeof fetch = (input, init) => {
    const raw = input instanceof Request ? input.url : String(input);
    const url = new URL(raw, origin);
    if (url.origin !== origin || !cookie) return realFetch(input instanceof Request ? input : url, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('cookie')) headers.set('cookie', cookie);
    return realFetch(url, { ...init, headers });
  };
  vi.stubGlobal('fetch', pageFetch);
  return () => vi.stubGlobal('fetch', realFetch);
}

/** The user id in a `session=<id>` cookie: the tests' stand-in for an app's session check. */
export function sessionUser(request: Request): { id: string } | null {
  const id = /(?:^|;\s*)session=([\w-]{1,64})/.exec(request.headers.get('cookie') ?? '')?.[1];
  return id ? { id } : null;
}
