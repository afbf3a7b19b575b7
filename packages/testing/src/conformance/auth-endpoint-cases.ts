/**
 * Conformance cases for the path a browser takes: `createSubscriber({ authEndpoint })` against the
 * app's auth endpoint (`createAuthHandler` with the adapter's authorizer, served over HTTP here).
 * Every adapter must call the endpoint the same way — the app's async `authHeaders`, its `fetch`,
 * one cookie policy — and report its 401, 403 and 429 with the same codes and one refusal shape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthUser, createSubscriber, RealtimeError, type RealtimeSubscriber, type SubscriberAdapterLoaders } from '@switchboard/core';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';
import { afterAll, beforeAll, beforeEach, expect, it, type TestContext } from 'vitest';
import { Collector } from '../wait.js';
import { conformanceChannels, privateInbox } from './catalog.js';
import type { ConformanceTestBed } from './harness.js';
import type { ConformanceClients } from './test-bed-clients.js';

/** What the auth-endpoint cases need from the suite. */
export interface AuthEndpointSuite {
  name: string;
  timeout: number;
  bed(): ConformanceTestBed;
  harness(): ConformanceClients;
  /** Remembers a subscriber so the suite closes it after the case. */
  track(subscriber: RealtimeSubscriber): RealtimeSubscriber;
  unique(prefix: string): string;
}

/** One request the page's fetch made to the endpoint. */
interface SeenRequest {
  method: string;
  credentials: RequestCredentials | undefined;
  authorization: string | null;
}

/** An answer the endpoint gives the next POST instead of a credential. */
interface ForcedAnswer {
  status: number;
  code: string;
  retryAfterSeconds?: number;
}

/** The reason every forced refusal gives; the subscriber must report it in the one refusal shape. */
const FORCED_REASON = 'conformance says no';

/** Who the request is: `Authorization: Bearer <id>`, else the `session=<id>` cookie. */
function userOf(request: Request): AuthUser | null {
  const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  const id = bearer ?? session;
  return id ? { id, info: { name: id } } : null;
}

export function registerAuthEndpointCases(suite: AuthEndpointSuite): void {
  let server: Server | undefined;
  let origin = '';
  const forced: ForcedAnswer[] = [];
  let seen: SeenRequest[] = [];

  beforeAll(async () => {
    const endpoint = suite.bed().authEndpoint;
    if (!endpoint) return;
    const handler = createAuthHandler({
      channels: conformanceChannels,
      authorizer: endpoint.authorizer,
      authenticate: userOf,
      onError: () => {},
    });
    const withFaults = async (request: Request): Promise<Response> => {
      const answer = request.method === 'POST' ? forced.shift() : undefined;
      if (!answer) return handler(request);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (answer.retryAfterSeconds !== undefined) headers['retry-after'] = String(answer.retryAfterSeconds);
      return new Response(JSON.stringify({ error: { code: answer.code, message: FORCED_REASON } }), { status: answer.status, headers });
    };
    server = createServer(toNodeHandler(withFaults));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    const running = server;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  beforeEach(() => {
    forced.length = 0;
    seen = [];
  });

  const needsEndpoint = (context: TestContext) => {
    if (suite.bed().authEndpoint) return;
    console.info(`[conformance: ${suite.name}] skipped "${context.task.name}": the adapter takes no credential from an auth endpoint`);
    context.skip();
  };

  /**
   * The page's fetch: records what each request carried and, like a browser calling its own
   * origin, adds the page's session cookie unless the request says `credentials: 'omit'`.
   */
  const pageFetch =
    (session?: string): typeof fetch =>
    async (input, init = {}) => {
      const headers = new Headers(init.headers);
      if (session && init.credentials !== 'omit') headers.set('cookie', `session=${session}`);
      seen.push({ method: init.method ?? 'GET', credentials: init.credentials, authorization: headers.get('authorization') });
      return fetch(new URL(String(input), origin), { ...init, headers });
    };

  const subscriberThroughEndpoint = (options: { fetch: typeof fetch; authHeaders?: () => Promise<Record<string, string>> }) => {
    const endpoint = suite.bed().authEndpoint;
    const adapters = { [endpoint?.authorizer.provider ?? '']: endpoint?.subscriberModule } as SubscriberAdapterLoaders;
    return suite.track(createSubscriber({ authEndpoint: `${origin}/api/realtime`, adapters, presenceGraceMs: 150, ...options }));
  };

  it('authEndpoint: the app’s async authHeaders and fetch reach the endpoint, with one cookie policy on every request', {
    timeout: suite.timeout,
  }, async (context) => {
    needsEndpoint(context);
    const alice = suite.unique('alice');
    const channel = privateInbox({ userId: alice });
    const subscriber = subscriberThroughEndpoint({
      fetch: pageFetch(),
      authHeaders: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { authorization: `Bearer ${alice}` };
      },
    });
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(channel, 'note', received.push).ready;
    await suite.harness().publisher.publish(channel, 'note', { text: 'through the endpoint', n: 1 });
    await received.toHave(1);
    const posts = seen.filter((request) => request.method === 'POST');
    expect(seen.some((request) => request.method === 'GET')).toBe(true);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.map((request) => request.authorization)).toEqual(posts.map(() => `Bearer ${alice}`));
    expect(new Set(seen.map((request) => request.credentials))).toEqual(new Set(['same-origin']));
  });

  it('authEndpoint: the page’s cookies sign the subscriber in', { timeout: suite.timeout }, async (context) => {
    needsEndpoint(context);
    const bob = suite.unique('bob');
    const channel = privateInbox({ userId: bob });
    const subscriber = subscriberThroughEndpoint({ fetch: pageFetch(bob) });
    const received = new Collector<{ n: number }>();
    await subscriber.subscribe(channel, 'note', received.push).ready;
    await suite.harness().publisher.publish(channel, 'note', { text: 'cookie', n: 2 });
    await received.toHave(1);
    expect(seen.filter((request) => request.method === 'POST').length).toBeGreaterThan(0);
  });

  const refusals: Array<[number, RealtimeError['code']]> = [
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [429, 'RATE_LIMITED'],
  ];
  for (const [status, code] of refusals) {
    it(`authEndpoint: ${status} from the endpoint is ${code}, in the one refusal shape`, { timeout: suite.timeout }, async (context) => {
      needsEndpoint(context);
      const carol = suite.unique('carol');
      const channel = privateInbox({ userId: carol });
      forced.push({ status, code, ...(status === 429 ? { retryAfterSeconds: 7 } : {}) });
      const subscriber = subscriberThroughEndpoint({ fetch: pageFetch(), authHeaders: async () => ({ authorization: `Bearer ${carol}` }) });
      const refused = await subscriber
        .subscribe(channel, 'note', () => {})
        .ready.then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(RealtimeError.isInstance(refused), String(refused)).toBe(true);
      const error = refused as RealtimeError;
      expect({ code: error.code, message: error.message }).toEqual({
        code,
        message: `Subscription to "${channel.name}" refused: ${FORCED_REASON}`,
      });
      expect(error.details).toMatchObject({ status, channel: channel.name });
      if (status === 429) expect(error.retryAfterMs).toBe(7000);
    });
  }
}
