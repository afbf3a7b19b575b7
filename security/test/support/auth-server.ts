/**
 * The app's one auth endpoint, as production mounts it: createAuthHandler with a JWT authenticator,
 * through toNodeHandler on a real Node http server (127.0.0.1, ephemeral port). The authorizer can
 * be switched between requests, the way changing REALTIME_PROVIDER switches it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import { createAuthHandler, jwtAuthenticator, toNodeHandler } from '@switchboard/core/auth';
import { afterAll, beforeAll } from 'vitest';
import { channels } from './channels.js';
import { JWT_SECRET } from './users.js';

export interface AuthServer {
  url: string;
  /** Which authorizer answers the next request. */
  use(authorizer: ProviderAuthorizer): void;
  /** POSTs a form body (what pusher-js sends). */
  postForm(headers: Record<string, string>, fields: Record<string, string> | string): Promise<Response>;
  /** POSTs a JSON body (what the Ably and Socket.IO adapters send). */
  postJson(headers: Record<string, string>, body: unknown): Promise<Response>;
  /** Errors the handler answered with 5xx (must stay empty). */
  failures: unknown[];
  close(): Promise<void>;
}

export async function startAuthServer(initial: ProviderAuthorizer): Promise<AuthServer> {
  let current = initial;
  const failures: unknown[] = [];
  const handler = createAuthHandler({
    authenticate: jwtAuthenticator({ secret: JWT_SECRET }),
    channels,
    authorizer: () => current,
    onError: (error) => failures.push(error),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/realtime`;
  return {
    url,
    failures,
    use(authorizer) {
      current = authorizer;
    },
    postForm: (headers, fields) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
      }),
    postJson: (headers, body) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The JSON body of a 200, or a RealtimeError carrying the status and the error body. */
export async function credentialOf<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { error?: { code: string; message: string } };
  if (response.ok) return body;
  throw new RealtimeError('FORBIDDEN', body.error?.message ?? `status ${response.status}`, {
    details: { status: response.status, code: body.error?.code },
  });
}

/** A provider backend and the auth endpoint in front of it, started once for a test file. */
export interface BackendWithAuthServer<TBackend> {
  readonly backend: TBackend;
  readonly server: AuthServer;
}

/**
 * Registers the file's lifecycle: starts `start()`'s backend and an auth server using its authorizer
 * before the tests, closes both after them. Read `backend`/`server` inside tests and hooks.
 */
export function withAuthServer<TBackend extends { authorizer: ProviderAuthorizer; close(): Promise<unknown> }>(
  start: () => Promise<TBackend>,
): BackendWithAuthServer<TBackend> {
  const started: { backend?: TBackend; server?: AuthServer } = {};
  beforeAll(async () => {
    started.backend = await start();
    started.server = await startAuthServer(started.backend.authorizer);
  });
  afterAll(async () => {
    await started.server?.close();
    await started.backend?.close();
  });
  return {
    get backend() {
      return started.backend as TBackend;
    },
    get server() {
      return started.server as AuthServer;
    },
  };
}
