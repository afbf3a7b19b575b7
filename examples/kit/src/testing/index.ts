/**
 * @switchboard-example/kit/testing — end-to-end helpers for the examples project. Its global setup
 * (examples/demo/test/global-setup.ts) starts one headless Chromium and one demo server per
 * provider (embedded Socket.IO hub, Pusher emulator, Ably emulator); test files connect to them
 * through `examplesEnvironment()`, so a whole run pays for one browser and three servers.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const ALL_PROVIDERS = ['socket-io', 'pusher', 'ably'] as const;
export type TestedProvider = (typeof ALL_PROVIDERS)[number];

/**
 * The providers every example's suite runs on: all three, or the comma-separated subset in
 * `SWITCHBOARD_EXAMPLES_PROVIDERS` (a quicker local run; CI leaves it unset).
 */
export const PROVIDERS: readonly TestedProvider[] = (() => {
  const wanted = process.env.SWITCHBOARD_EXAMPLES_PROVIDERS?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!wanted?.length) return ALL_PROVIDERS;
  const unknown = wanted.filter((name) => !(ALL_PROVIDERS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`SWITCHBOARD_EXAMPLES_PROVIDERS: unknown ${unknown.join(', ')} (use ${ALL_PROVIDERS.join(', ')})`);
  return ALL_PROVIDERS.filter((name) => wanted.includes(name));
})();

/**
 * The providers the forced-drop catch-up suites (`*-catch-up.test.ts`) run on in `pnpm test`:
 * Pusher, the provider with no recovery of its own, where only the history store fills the gap
 * (issue 21). Socket.IO and Ably recover natively and their history catch-up is covered by the
 * conformance suite; `SWITCHBOARD_EXAMPLES_CATCH_UP=all` runs these suites on every provider in
 * {@link PROVIDERS} too (about three times as long).
 */
export const CATCH_UP_PROVIDERS: readonly TestedProvider[] =
  process.env.SWITCHBOARD_EXAMPLES_CATCH_UP === 'all' ? PROVIDERS : PROVIDERS.filter((name) => name === 'pusher');

/**
 * How long a live update may take in a test. The product goal is 2 s; tests wait longer so a
 * loaded 2-core machine stays deterministic, and never assert timings.
 */
export const LIVE_TIMEOUT_MS = 10_000;

/** How long a page may take to reconnect after {@link comeBackOnline}: the SDK's own schedule, generous on a loaded machine. */
export const RECONNECT_TIMEOUT_MS = 40_000;

/** What the global setup provides. */
export interface ExamplesEnvironment {
  /** Set when the run has no browser (Chromium missing and CI is not 'true'); tests skip, saying why. */
  skipReason?: string;
  /** Playwright endpoint of the shared browser. */
  browserEndpoint?: string;
  /** Base URL of the demo server of each provider. */
  servers: Partial<Record<TestedProvider, string>>;
}

declare module 'vitest' {
  interface ProvidedContext {
    switchboardExamples: ExamplesEnvironment;
  }
}

/** Why browser tests cannot run here, or `undefined`. With CI=true a missing Chromium is an error instead. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing (apt-get install -y chromium); CI=true needs it`);
  return `${CHROMIUM_PATH} is missing (apt-get install -y chromium); with CI=true these tests run and fail instead`;
}

export function examplesEnvironment(): ExamplesEnvironment {
  const environment = inject('switchboardExamples');
  if (!environment) throw new Error('The examples global setup did not run: run the tests with `vitest --project examples`');
  if (environment.skipReason) console.warn(`[examples] browser tests skipped: ${environment.skipReason}`);
  return environment;
}

/** The base URL of `provider`'s demo server. */
export function serverUrl(environment: ExamplesEnvironment, provider: TestedProvider): string {
  const url = environment.servers[provider];
  if (!url) throw new Error(`No demo server for ${provider}`);
  return url;
}

/** Connects to the shared browser. Close what you connect (`browser.close()` only disconnects). */
export function connectBrowser(environment: ExamplesEnvironment): Promise<Browser> {
  if (!environment.browserEndpoint) throw new Error('No shared browser: check skipReason first');
  return chromium.connect(environment.browserEndpoint);
}

/** A signed-in page in a browser context of its own: one user, as in a separate browser. */
export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page; a test should expect none. */
  errors: string[];
  /** Present when opened with `switchableConnection`. */
  connection?: ConnectionSwitch;
  close(): Promise<void>;
}

/**
 * A forced connection drop for one page: every WebSocket of its context goes through Playwright,
 * so `drop()` closes them (the realtime SDK sees its connection die, as on a lost network) and
 * refuses new ones until `restore()`. Other pages on the same server are untouched, unlike the
 * emulator's `dropAllSockets()`, which would drop every test file's pages at once.
 */
export interface ConnectionSwitch {
  /** Closes the page's open WebSockets and refuses new ones. */
  drop(): Promise<void>;
  /** Lets the page connect again (its SDK reconnects on its own schedule). */
  restore(): void;
}

async function switchWebSockets(context: BrowserContext): Promise<ConnectionSwitch> {
  const open = new Set<WebSocketRoute>();
  let dropped = false;
  await context.routeWebSocket(/.*/, (route) => {
    if (dropped) {
      void route.close({ code: 1001, reason: 'dropped by the test' }).catch(() => {});
      return;
    }
    // Without handlers, messages and closes are forwarded both ways.
    route.connectToServer();
    open.add(route);
  });
  return {
    async drop() {
      dropped = true;
      const routes = [...open];
      open.clear();
      await Promise.all(routes.map((route) => route.close({ code: 1001, reason: 'dropped by the test' }).catch(() => {})));
    },
    restore() {
      dropped = false;
    },
  };
}

/** Options of {@link openAs}. */
export interface OpenOptions {
  /** Route the page's WebSockets through a {@link ConnectionSwitch} (`UserPage.connection`). @default false */
  switchableConnection?: boolean;
}

/**
 * Opens `<baseUrl>/<example>/?user=<userId>` in a fresh context and waits until the page's
 * subscriptions are confirmed (`body[data-ready="true"]`).
 */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  example: string,
  userId: string,
  options: OpenOptions = {},
): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const connection = options.switchableConnection ? await switchWebSockets(context) : undefined;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/${example}/?user=${encodeURIComponent(userId)}`);
  await page.locator('body[data-ready]').waitFor({ timeout: 30_000 });
  const ready = await page.locator('body').getAttribute('data-ready');
  if (ready !== 'true') {
    const shown = await page
      .locator('#kit-error')
      .textContent()
      .catch(() => '');
    throw new Error(`The ${example} page of ${userId} did not get ready: ${shown || ready}`);
  }
  return { context, page, errors, ...(connection ? { connection } : {}), close: () => context.close() };
}

/** The shared browser, signed in to one example on one provider's demo server. */
export interface SignedInUsers<TPages extends readonly UserPage[] = UserPage[]> {
  /** One signed-in page per requested user id, in the order asked for. */
  pages: TPages;
  /** Base URL of the provider's demo server. */
  baseUrl: string;
  /** Opens one more page of the example as `userId`; `close()` closes it as well. */
  openAs(userId: string, options?: OpenOptions): Promise<UserPage>;
  /** Closes every page opened here, then disconnects from the shared browser. */
  close(): Promise<void>;
}

/**
 * Connects to the shared browser and opens `example` on `provider`'s server once per user id (a
 * repeated id is a second window of that user), each in a context of its own, all at once. If a
 * page fails to get ready, what was opened is closed before the error is thrown.
 */
export async function openUsers<const TUserIds extends readonly string[]>(
  environment: ExamplesEnvironment,
  provider: TestedProvider,
  example: string,
  userIds: TUserIds,
): Promise<SignedInUsers<{ -readonly [Index in keyof TUserIds]: UserPage }>> {
  const browser = await connectBrowser(environment);
  const baseUrl = serverUrl(environment, provider);
  const opened: UserPage[] = [];
  const open = async (userId: string, options?: OpenOptions) => {
    const user = await openAs(browser, baseUrl, example, userId, options);
    opened.push(user);
    return user;
  };
  const close = async () => {
    await Promise.all(opened.map((user) => user.close()));
    await browser.close();
  };
  const settled = await Promise.allSettled(userIds.map((userId) => open(userId)));
  const pages: UserPage[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') {
      await close();
      throw result.reason;
    }
    pages.push(result.value);
  }
  return { pages: pages as unknown as { -readonly [Index in keyof TUserIds]: UserPage }, baseUrl, openAs: open, close };
}

/**
 * Asks, from inside a page, to subscribe to a channel of `window.__example[channelKey]` with
 * `params` (to `event`, or to the channel alone without one); resolves to `'allowed'` or the
 * refusal's error code.
 */
export function probeSubscription(
  page: Page,
  channelKey: string,
  params: Record<string, string>,
  event: string | undefined,
): Promise<string> {
  return page.evaluate(
    async ({ channelKey, params, event }) => {
      interface Probe {
        realtime: {
          subscribe(channel: unknown, ...rest: unknown[]): { ready: Promise<void>; unsubscribe(): void };
        };
        [key: string]: unknown;
      }
      const example = (window as unknown as { __example: Probe }).__example;
      const channel = example[channelKey] as (params: Record<string, string>) => unknown;
      // No event: the channel alone (one of presence and client events only).
      const subscription = event
        ? example.realtime.subscribe(channel(params), event, () => {})
        : example.realtime.subscribe(channel(params), {});
      try {
        await subscription.ready;
        return 'allowed';
      } catch (error) {
        return String((error as { code?: string }).code ?? (error as Error).message);
      } finally {
        subscription.unsubscribe();
      }
    },
    { channelKey, params, event },
  );
}

/** What an example's API answered to {@link callApi}. */
export interface ApiAnswer {
  status: number;
  body: { error?: { code?: string; message?: string }; [key: string]: unknown } | undefined;
}

/** Calls `/<example>/api<path>` from inside a signed-in page, with that page's demo token. */
export function callApi(user: UserPage, example: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  return user.page.evaluate(
    async ({ example, method, path, body }) => {
      const { token } = JSON.parse(sessionStorage.getItem('switchboard-demo-session') ?? '{}') as { token: string };
      const response = await fetch(`/${example}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as ApiAnswer['body'] };
    },
    { example, method, path, body },
  );
}

/** A forced-drop catch-up suite on one provider, as {@link describeCatchUp} gives it to its body. */
export interface CatchUpSuite<TPages extends readonly UserPage[]> {
  provider: TestedProvider;
  /** The users opened for the suite (in its `beforeAll`; read it inside tests and hooks). */
  readonly users: SignedInUsers<TPages>;
}

/**
 * The opening every `*-catch-up.test.ts` shares: a `describe` per provider in
 * {@link CATCH_UP_PROVIDERS} (skipped, saying why, without a browser) named `title` (`%s` is the
 * provider), that signs `userIds` in to `example` before its tests and closes them after.
 */
export function describeCatchUp<const TUserIds extends readonly string[]>(
  title: string,
  example: string,
  userIds: TUserIds,
  body: (suite: CatchUpSuite<{ -readonly [Index in keyof TUserIds]: UserPage }>) => void,
): void {
  const environment = examplesEnvironment();
  describe.skipIf(Boolean(environment.skipReason)).each(CATCH_UP_PROVIDERS)(title, (provider) => {
    let users: SignedInUsers<{ -readonly [Index in keyof TUserIds]: UserPage }> | undefined;
    beforeAll(async () => {
      users = await openUsers(environment, provider, example, userIds);
    });
    afterAll(() => users?.close());
    body({
      provider,
      get users() {
        if (!users) throw new Error(`${example} on ${provider}: the users are opened in beforeAll; read them inside a test or hook`);
        return users;
      },
    });
  });
}

function switchOf(user: UserPage): ConnectionSwitch {
  if (!user.connection) throw new Error('This page has no connection switch: open it with { switchableConnection: true }');
  return user.connection;
}

/** Drops the page's connection ({@link ConnectionSwitch.drop}) and waits until the page shows it is not connected. */
export async function goOffline(user: UserPage): Promise<void> {
  await switchOf(user).drop();
  await user.page.locator('#kit-connection:not([data-state="connected"])').waitFor({ timeout: LIVE_TIMEOUT_MS });
}

/** Lets the page connect again and waits, up to {@link RECONNECT_TIMEOUT_MS}, until it shows it is connected. */
export async function comeBackOnline(user: UserPage): Promise<void> {
  switchOf(user).restore();
  await user.page.locator('#kit-connection[data-state="connected"]').waitFor({ timeout: RECONNECT_TIMEOUT_MS });
}
