/**
 * @switchboard-example/kit/client — the browser half every example page starts with: the demo
 * sign-in (a user picker; `?user=ada` signs in directly), a subscriber that asks the example's auth
 * endpoint which provider to use and loads only that provider's chunk, a small API client, and the
 * hooks the end-to-end tests read (`body[data-ready]`, `window.__example`).
 */
import {
  createHistoryClient,
  createSubscriber,
  type GapInfo,
  type HistoryClient,
  type RealtimeSubscriber,
  type Subscription,
} from '@switchboard/core/client';
import type { PageConfig } from '../html.js';
import { element } from './dom.js';
import { type DemoSession, loadSession, renderUserBadge, renderUserPicker } from './session.js';

export { element } from './dom.js';
export type { DemoSession } from './session.js';

/** A signed-in page. */
export interface ExamplePage {
  config: PageConfig;
  session: DemoSession;
  /** Subscribe-only: its credentials come from `<basePath>/api/realtime`. */
  realtime: RealtimeSubscriber;
  /**
   * Reads a channel's recent messages through the same auth endpoint (same rules as subscribing).
   * `realtime` already uses it to catch up after reconnects and to serve `rewind`.
   */
  history: HistoryClient;
  api: ApiClient;
  /** The page's `<main>`, empty. */
  root: HTMLElement;
}

/** Calls the example's routes under `<basePath>/api` with the user's token. */
export interface ApiClient {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Reads the configuration the server put in the page. */
export function readPageConfig(): PageConfig {
  const node = document.getElementById('kit-config');
  if (!node?.textContent) throw new Error('This page has no #kit-config: is it served by the examples kit?');
  return JSON.parse(node.textContent) as PageConfig;
}

/** The history client of an example page: the example's auth endpoint, with the user's token. */
export function connectHistory(config: PageConfig, session: DemoSession): HistoryClient {
  return createHistoryClient({
    authEndpoint: `${config.basePath}/api/realtime`,
    authHeaders: { authorization: `Bearer ${session.token}` },
  });
}

/** What an example page needs of its subscriber beyond subscribing. */
export interface ExamplePageOptions {
  /**
   * Load each adapter's `/client-events` entry, so the page can `whisper` (typing indicators);
   * pages without it carry none of that code.
   * @default false
   */
  clientEvents?: boolean;
}

/**
 * The subscriber of an example page, catching up from the history store after every reconnect it
 * could not recover (Pusher's always). The literal `import()`s are what lets esbuild split each
 * provider (and its SDK) into a chunk of its own, loaded only when the server names it.
 */
export function connectRealtime(
  config: PageConfig,
  session: DemoSession,
  history: HistoryClient = connectHistory(config, session),
  options: ExamplePageOptions = {},
): RealtimeSubscriber {
  return createSubscriber({
    authEndpoint: `${config.basePath}/api/realtime`,
    authHeaders: { authorization: `Bearer ${session.token}` },
    history,
    adapters: options.clientEvents
      ? {
          'socket-io': () => import('@switchboard/socket-io/client-events'),
          pusher: () => import('@switchboard/pusher/client-events'),
          ably: () => import('@switchboard/ably/client-events'),
        }
      : {
          'socket-io': () => import('@switchboard/socket-io/subscriber'),
          pusher: () => import('@switchboard/pusher/subscriber'),
          ably: () => import('@switchboard/ably/subscriber'),
        },
    // `pnpm demo --emulators` switches provider live: the page moves without a reload and says so.
    onProviderChange: (change) => {
      const target = window as unknown as { __providerChanges?: unknown[] };
      target.__providerChanges = [...(target.__providerChanges ?? []), change];
      if (change.error) console.warn(`[example] staying on ${change.from}: ${change.error.message}`);
      else showProvider(change.to);
    },
  });
}

const PROVIDER_NAMES: Record<string, string> = { 'socket-io': 'Socket.IO', pusher: 'Pusher Channels', ably: 'Ably' };

/** Shows the provider the page is on in the header's pill (`#kit-provider[data-provider]`). */
function showProvider(provider: string): void {
  const pill = document.getElementById('kit-provider');
  if (!pill || pill.dataset.provider === provider) return;
  // The server's label ("Socket.IO (embedded hub)") stays until the page is on another provider.
  if (pill.dataset.provider !== undefined || !pill.textContent?.startsWith(PROVIDER_NAMES[provider] ?? provider)) {
    pill.textContent = PROVIDER_NAMES[provider] ?? provider;
  }
  pill.dataset.provider = provider;
}

function apiClient(config: PageConfig, session: DemoSession): ApiClient {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${config.basePath}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const payload = (await response.json().catch(() => undefined)) as { error?: { message?: string }; saved?: T } | undefined;
    // 502 PUBLISH_FAILED: the write was saved but the realtime update not sent; the page shows what was saved.
    if (response.status === 502 && payload?.saved !== undefined) {
      console.warn(payload.error?.message);
      return payload.saved;
    }
    if (!response.ok) throw new Error(payload?.error?.message ?? `${method} ${path} answered ${response.status}`);
    return payload as T;
  }
  return { request, get: (path) => request('GET', path), post: (path, body) => request('POST', path, body ?? {}) };
}

function showConnection(realtime: RealtimeSubscriber): void {
  const pill = document.getElementById('kit-connection');
  if (!pill) return;
  const render = (state: string) => {
    pill.textContent = state;
    pill.dataset.state = state;
  };
  render(realtime.state);
  realtime.onStateChange((change) => {
    render(change.current);
    // A page loaded after a live switch shows the provider it is really on.
    if (change.current === 'connected')
      realtime.describe().then(
        (description) => showProvider(description.provider),
        () => {},
      );
  });
}

/**
 * Signs in (or shows the user picker and waits), then gives the page its subscriber and API client.
 * Call once at the top of an example's entry.
 */
export async function startExamplePage(options: ExamplePageOptions = {}): Promise<ExamplePage> {
  const config = readPageConfig();
  const root = document.getElementById('app') as HTMLElement;
  const session = (await loadSession(config)) ?? (await renderUserPicker(config, root));
  renderUserBadge(session);
  root.replaceChildren();
  const history = connectHistory(config, session);
  const realtime = connectRealtime(config, session, history, options);
  showConnection(realtime);
  window.addEventListener('pagehide', () => void realtime.close());
  const page: ExamplePage = { config, session, realtime, history, api: apiClient(config, session), root };
  exposeForTests({ user: session.user, realtime, history });
  return page;
}

/**
 * Marks the page ready once every subscription is confirmed (`<body data-ready="true">`), or shows
 * the refusal (`data-ready="error"`). Tests and screenshots wait for it.
 */
export async function markReady(subscriptions: readonly Subscription[]): Promise<void> {
  try {
    await Promise.all(subscriptions.map((subscription) => subscription.ready));
    document.body.dataset.ready = 'true';
  } catch (error) {
    document.body.dataset.ready = 'error';
    document
      .getElementById('app')
      ?.prepend(element('p', { class: 'card', id: 'kit-error' }, `Realtime refused: ${(error as Error).message}`));
  }
}

/**
 * An `onGap` handler for a page: the subscriber already filled what the history store holds, so a
 * gap that still arrives is what the store could not vouch for (beyond retention, unnumbered
 * messages from a process without the store, the store unreachable). The page then refetches its
 * state from the API instead of going stale. Gaps are counted in `body[data-gaps]`, refetches in
 * `body[data-refetches]`, for the tests.
 */
export function refetchOnGap(refetch: () => Promise<unknown>): (gap: GapInfo) => void {
  const count = (name: 'gaps' | 'refetches') => {
    document.body.dataset[name] = String(Number(document.body.dataset[name] ?? 0) + 1);
  };
  return () => {
    count('gaps');
    refetch().then(
      () => count('refetches'),
      (error: unknown) => console.warn(`[example] refetch after a gap failed: ${(error as Error).message}`),
    );
  };
}

/**
 * Calls `listener` each time the subscriber is connected again after having been connected: for
 * state the history store cannot vouch for (a worker process without a shared store publishes
 * unnumbered messages, so a catch-up cannot know it missed them). Returns the unsubscribe function.
 */
export function onReconnected(realtime: RealtimeSubscriber, listener: () => void): () => void {
  let connectedBefore = realtime.state === 'connected';
  return realtime.onStateChange((change) => {
    if (change.current !== 'connected') return;
    if (connectedBefore) listener();
    connectedBefore = true;
  });
}

/** Adds values to `window.__example`, for tests that probe from inside the page. */
export function exposeForTests(values: Record<string, unknown>): void {
  const target = window as unknown as { __example?: Record<string, unknown> };
  target.__example = { ...target.__example, ...values };
}
