/**
 * `createProviderSwitch`: the server's runtime provider choice. The auth endpoint answers with the
 * provider a value or function names (re-read while the server runs), announces a change to
 * connected subscribers over their current provider, and the publisher sends to both providers for
 * a migration window so nobody misses a message during the move. See docs/provider-switch.md.
 */
import type { ProviderAuthorizer } from '../auth/authorizer.js';
import { createMessageId } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { ProviderName } from '../providers.js';
import type { PublisherTransport } from '../transport.js';
import { PROVIDER_CHANGED, providerAnnouncements } from './announcement-channel.js';
import { migrationTransport } from './migration-transport.js';

/** One provider the app can run on: its credential issuer and, on publishing servers, its transport. */
export interface SwitchableProvider {
  /** `socketIoAuthorizer(…)`, `pusherAuthorizer(…)`, `ablyAuthorizer(…)`. */
  authorizer: ProviderAuthorizer;
  /** The provider's publisher transport (`createPublisherTransport` of the adapter), where this server publishes. */
  publisher?: PublisherTransport | undefined;
}

/** Options of {@link createProviderSwitch}. */
export interface ProviderSwitchOptions {
  /** Every provider the app may switch between, by name. */
  providers: Partial<Record<ProviderName, SwitchableProvider>>;
  /**
   * The provider to use: a name, or a function read again on every auth request and every
   * `pollMs` (a config file, a feature flag, a database row) so a change needs no restart.
   */
  current: ProviderName | (() => ProviderName | Promise<ProviderName>);
  /**
   * How long after a change every message is published to the old and the new provider.
   * @default 120000
   */
  migrationWindowMs?: number;
  /**
   * Re-read `current` this often (when it is a function) even without auth requests, so a
   * publishing-only server notices a change too. `0` reads it only on requests and `refresh()`.
   * @default 0
   */
  pollMs?: number;
  /**
   * Hears every change the switch made (and announcement failures).
   * @default nothing
   */
  onChange?: (change: { from: ProviderName; to: ProviderName; error?: unknown }) => void;
}

/** An open migration window: every message goes to both providers until `until`. */
export interface MigrationWindow {
  /** The provider switched away from. */
  from: ProviderName;
  /** The provider switched to (the current one). */
  to: ProviderName;
  /** When publishing to `from` stops, in milliseconds since the epoch. */
  until: number;
}

/** The runtime provider choice; hand `authorizer` to `createAuthHandler` and `transport` to `createPublisher`. */
export interface ProviderSwitch {
  /** An `AuthorizerSource` for `createAuthHandler`: the current provider, or the one a credential request names. */
  readonly authorizer: (request: Request) => Promise<ProviderAuthorizer>;
  /** A publisher transport for `createPublisher({ adapter })`: the current provider, both during a migration window. */
  readonly transport: PublisherTransport;
  /** The provider named last. */
  provider(): ProviderName;
  /** The open migration window, if any. */
  migration(): MigrationWindow | undefined;
  /** Switches to `provider` now (overrides `current`), opens the migration window and announces it. */
  switchTo(provider: ProviderName): Promise<void>;
  /** Reads `current` again; switches (and announces) when it changed. Resolves with the provider. */
  refresh(): Promise<ProviderName>;
  /** Stops polling and closes every provider's publisher transport. */
  close(): Promise<void>;
}

/** Creates the server's runtime provider choice. */
export function createProviderSwitch(options: ProviderSwitchOptions): ProviderSwitch {
  const providers = options.providers ?? {};
  const names = Object.keys(providers) as ProviderName[];
  if (names.length === 0 || names.some((name) => typeof providers[name]?.authorizer?.authorize !== 'function')) {
    throw new RealtimeError('CONFIG', 'createProviderSwitch: `providers` must map provider names to { authorizer, publisher? }');
  }
  const known = (name: unknown): ProviderName => {
    if (typeof name !== 'string' || !providers[name as ProviderName]) {
      throw new RealtimeError('CONFIG', `createProviderSwitch: "${String(name)}" is not one of ${names.join(', ')}`, {
        details: { provider: name },
      });
    }
    return name as ProviderName;
  };
  const windowMs = options.migrationWindowMs ?? 120_000;
  let source = options.current;
  let current: ProviderName = typeof source === 'function' ? (names[0] as ProviderName) : known(source);
  let window: MigrationWindow | undefined;
  // The first reading is where the server starts, not a change: nothing is announced.
  const initial = source;
  const ready: Promise<unknown> =
    typeof initial === 'function'
      ? (async () => {
          current = known(await initial());
        })()
      : Promise.resolve();

  const wrapped = new Map<ProviderName, ProviderAuthorizer>();
  const switchable = (name: ProviderName): ProviderAuthorizer => {
    let authorizer = wrapped.get(name);
    if (!authorizer) {
      const inner = providers[name]?.authorizer as ProviderAuthorizer;
      authorizer = {
        provider: name,
        switchable: true,
        publicConfig: () => inner.publicConfig(),
        authorize: (input) => inner.authorize(input),
      };
      wrapped.set(name, authorizer);
    }
    return authorizer;
  };

  const publisherOf = (name: ProviderName): PublisherTransport => {
    const publisher = providers[name]?.publisher;
    if (!publisher) throw new RealtimeError('CONFIG', `createProviderSwitch: no publisher transport for "${name}"`, { provider: name });
    return publisher;
  };

  function migration() {
    if (window && Date.now() > window.until) window = undefined;
    return window;
  }

  async function announce(from: ProviderName, to: ProviderName): Promise<void> {
    const envelope = { id: createMessageId(), event: PROVIDER_CHANGED, data: { provider: to }, ts: Date.now() };
    const targets = [from, to].filter((name) => providers[name]?.publisher);
    const results = await Promise.allSettled(
      targets.map((name) => publisherOf(name).send([{ channel: providerAnnouncements({}), envelope }])),
    );
    for (const result of results) if (result.status === 'rejected') options.onChange?.({ from, to, error: result.reason });
  }

  async function change(to: ProviderName): Promise<void> {
    const from = current;
    if (to === from) return;
    current = to;
    // Publishing to both starts before anyone is told, so no subscriber can move ahead of it.
    window = { from, to, until: Date.now() + windowMs };
    options.onChange?.({ from, to });
    await announce(from, to);
  }

  async function refresh(): Promise<ProviderName> {
    if (typeof source === 'function') await change(known(await source()));
    return current;
  }

  const timer = options.pollMs && typeof source === 'function' ? setInterval(() => refresh().catch(() => {}), options.pollMs) : undefined;
  (timer as { unref?: () => void } | undefined)?.unref?.();

  const transport = migrationTransport(
    () => {
      const open = migration();
      return open ? [publisherOf(current), publisherOf(open.from === current ? open.to : open.from)] : [publisherOf(current)];
    },
    async () => {
      if (timer) clearInterval(timer);
      await Promise.all(names.map((name) => providers[name]?.publisher?.close()));
    },
  );

  return {
    async authorizer(request) {
      await ready;
      await refresh();
      // A credential request names the provider its connection uses; a subscriber still moving keeps working.
      const named = request.method === 'POST' ? new URL(request.url).searchParams.get('provider') : null;
      return switchable(named && providers[named as ProviderName] ? (named as ProviderName) : current);
    },
    transport,
    provider: () => current,
    migration,
    async switchTo(provider) {
      const to = known(provider);
      source = to;
      await ready;
      await change(to);
    },
    refresh: async () => {
      await ready;
      return refresh();
    },
    close: () => transport.close(),
  };
}
