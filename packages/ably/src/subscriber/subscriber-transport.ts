/**
 * The subscriber transport on Ably Realtime, token auth only. Nothing connects until the first
 * channel is attached, so the first token already lists a channel; later channels re-authorize the
 * live connection. Recovery is Ably's resume: missed messages arrive flagged `recovered`, and a
 * re-attach without continuity is reported as a gap.
 */
import type { ChannelRef, PresenceConnection, SubscriberTransport } from '@switchboard/core/adapter';
import { createConnectionState, loadChunk, RealtimeError, SPECIFICATION_VERSION, subscriptionRefused } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { type AblyHostOptions, ablyCapabilities, ablyLimits, hostClientOptions } from '../capabilities.js';
import { ablyChannelName } from '../channel-names.js';
import { PROVIDER, toRealtimeError } from '../errors.js';
import { createClockLag } from './backlog-boundary.js';
import { bindChannel, type ChannelBinding, type ConnectionHistory } from './channel-binding.js';
import { mapConnectionState } from './connection-state.js';
import type { PresenceOperation } from './presence-events.js';
import { type AblyRealtimeClient, type AblySdkVariant, createRealtimeClient } from './realtime-client.js';
import { createTokenAuthority, endpointTokenSource, type TokenAuthorityOptions } from './token-authority.js';

/**
 * Options of the Ably subscriber: where Ably is, and the tokens' source — the app's auth endpoint
 * (POSTed `{ channels }`, answers a TokenRequest) or `authCallback`.
 */
export interface AblySubscriberOptions extends AblyHostOptions, TokenAuthorityOptions {
  /** The clientId the tokens are issued for; learned from the token when absent. */
  clientId?: string | undefined;
  /**
   * Which Ably build to load: `modular` (small; needs a global WebSocket), `full`, or `auto`.
   * @default 'auto'
   */
  sdk?: AblySdkVariant | undefined;
  /** Extra Ably ClientOptions (timeouts, logging); the adapter's own settings win. */
  clientOptions?: Partial<Ably.ClientOptions> | undefined;
}

/** Ably's reasons for a failed resume: connection expired (80008), connection key invalid (80018). */
const RESUME_FAILURE_CODES = new Set([80008, 80018]);

/** Renew this long before expiry (at most a tenth of the token's life). */
const RENEW_LEAD_MS = 30_000;

/** The Ably subscriber transport, with the Realtime client its `/client-events` entry carries client events on. */
export interface AblySubscriberTransport extends SubscriberTransport {
  /** The Ably Realtime client, loaded (not connected) on the first call. */
  sdk(): Promise<AblyRealtimeClient>;
}

/** The Ably subscriber transport on Ably Realtime; pass it as `createSubscriber({ adapter })` or use {@link ablySubscriber}. */
export function createSubscriberTransport(options: AblySubscriberOptions): AblySubscriberTransport {
  const tokens = createTokenAuthority(options.authCallback ?? endpointTokenSource(options));
  const connection = createConnectionState();
  const bindings = new Map<string, ChannelBinding>();
  /**
   * Detaches still in flight, by channel: an attach to the same channel waits for its detach, or
   * Ably would supersede the detach (90000) and then fail the attach with the late DETACHED (90001).
   */
  const detaching = new Map<string, Promise<unknown>>();
  const history: ConnectionHistory = { lostAt: undefined, resumeFailed: false, clock: createClockLag() };
  let everConnected = false;
  /** The connection id of the last CONNECTED: a different one after a reconnect means no resume. */
  let lastConnectionId: string | undefined;
  let client: Promise<AblyRealtimeClient> | undefined;
  let loaded: AblyRealtimeClient | undefined;
  let renewTimer: ReturnType<typeof setTimeout> | undefined;

  const scheduleRenewal = (realtime: AblyRealtimeClient) => {
    if (renewTimer) clearTimeout(renewTimer);
    const lifetime = tokens.lifetime();
    if (!lifetime) return;
    const lead = Math.min(RENEW_LEAD_MS, lifetime.ttl / 10);
    renewTimer = setTimeout(
      () => {
        realtime.auth.authorize().catch(() => {
          // Ably renews on expiry by itself; a failed early renewal only loses the head start.
        });
      },
      Math.max(0, lifetime.expires - lead - Date.now()),
    );
    (renewTimer as { unref?: () => void }).unref?.();
  };

  const track = (realtime: AblyRealtimeClient) => {
    realtime.connection.on((change: Ably.ConnectionStateChange) => {
      if (change.current === 'connected') scheduleRenewal(realtime);
      // An `update` (same state, new details after AUTH) changes nothing else.
      if (change.current === change.previous) return;
      if (change.previous === 'connected') history.lostAt = Date.now();
      if (change.current === 'connected') {
        // A failed resume is a new connection id (RTN15c7); hosted Ably also says why: 80008
        // (connection expired) or 80018 (key not accepted). Either way continuity is gone.
        const connectionId = realtime.connection.id;
        if (everConnected) {
          const idChanged = lastConnectionId !== undefined && connectionId !== lastConnectionId;
          history.resumeFailed = idChanged || RESUME_FAILURE_CODES.has(change.reason?.code ?? 0);
        }
        lastConnectionId = connectionId;
        everConnected = true;
      }
      const reason = change.reason ? toRealtimeError(change.reason, `Ably connection ${change.current}`) : undefined;
      connection.set(mapConnectionState(change.current, everConnected), reason, change);
    });
  };

  const realtimeClient = (): Promise<AblyRealtimeClient> => {
    if (connection.current() === 'closed')
      return Promise.reject(new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PROVIDER }));
    client ??= createRealtimeClient(
      {
        transports: ['web_socket'],
        ...options.clientOptions,
        authCallback: tokens.ablyAuthCallback,
        useBinaryProtocol: false,
        autoConnect: false,
        ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
        ...hostClientOptions(options),
      },
      options.sdk ?? 'auto',
    ).then((realtime) => {
      loaded = realtime;
      track(realtime);
      return realtime;
    });
    return client;
  };

  /** Makes the token cover the channel, then opens the connection or re-authorizes it. */
  const authorizeFor = async (realtime: AblyRealtimeClient, name: string) => {
    if (tokens.covers(name)) return;
    // Decided inside the token queue: when two channels attach before the first connect, the second
    // must re-authorize the connection the first one opened, or its token would never be used.
    await tokens.include(name, async () => {
      if (realtime.connection.state === 'initialized') realtime.connect();
      else await realtime.auth.authorize();
    });
  };

  const bindingFor = (channel: ChannelRef): ChannelBinding => {
    const binding = bindings.get(channel.name);
    if (!binding) throw new RealtimeError('INVALID_CHANNEL', `Attach to "${channel.name}" first`, { provider: PROVIDER });
    return binding;
  };

  /** Presence calls run in `presence-events.ts` (loaded when the first presence channel attaches). */
  const presenceCall = async (channel: ChannelRef, operation: PresenceOperation, data?: unknown) =>
    (await loadChunk(() => import('./presence-events.js'), 'presence-events.js', PROVIDER)).presenceCall(channel, operation, data, {
      bindingFor,
      toRealtimeError,
    });

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: ablyCapabilities,
    limits: ablyLimits,
    state: connection.current,
    connectionId: () => loaded?.connection.id,
    sdk: realtimeClient,
    onStateChange: connection.onChange,
    connect() {
      realtimeClient().catch((error: unknown) => connection.set('failed', toRealtimeError(error, 'Loading the Ably SDK failed'), error));
    },
    async attach(channel, sink, attachOptions) {
      const name = ablyChannelName(channel);
      const realtime = await realtimeClient();
      try {
        await authorizeFor(realtime, channel.name);
      } catch (error) {
        throw subscriptionRefused(channel.name, toRealtimeError(error, 'Authorizing failed'));
      }
      // Settled either way: a failed detach has already been reported to its caller.
      await detaching.get(channel.name)?.catch(() => {});
      const rewind = attachOptions.rewind;
      const ablyChannel = realtime.channels.get(name, rewind ? { params: { rewind: String(rewind) } } : undefined);
      // The token's clientId is the signed-in user the auth endpoint issued it for.
      const binding = bindChannel(ablyChannel, sink, history, channel.definition.access === 'presence', realtime.auth);
      bindings.set(channel.name, binding);
      try {
        await binding.attach();
      } catch (error) {
        bindings.delete(channel.name);
        // A refused channel is left failed; release it so a later subscribe starts from scratch.
        if (['failed', 'detached', 'initialized'].includes(ablyChannel.state)) realtime.channels.release(name);
        throw subscriptionRefused(channel.name, error as RealtimeError);
      }
    },
    async detach(channel) {
      const binding = bindings.get(channel.name);
      if (!binding) return;
      bindings.delete(channel.name);
      binding.release();
      tokens.exclude(channel.name);
      // The binding exists, so the client is loaded.
      const detached = binding.channel.detach().then(
        () => loaded?.channels.release(binding.channel.name),
        (error: unknown) => {
          throw toRealtimeError(error, `Detaching from "${channel.name}" failed`);
        },
      );
      detaching.set(channel.name, detached);
      // No other detach of this channel can start before this one settles: its attach waits for it.
      await detached.finally(() => detaching.delete(channel.name));
    },
    presence: {
      enter: (channel, data) => presenceCall(channel, 'enter', data) as Promise<void>,
      update: (channel, data) => presenceCall(channel, 'update', data) as Promise<void>,
      leave: (channel) => presenceCall(channel, 'leave') as Promise<void>,
      members: (channel) => presenceCall(channel, 'members') as Promise<PresenceConnection[]>,
    },
    async close() {
      if (renewTimer) clearTimeout(renewTimer);
      for (const binding of bindings.values()) binding.release();
      bindings.clear();
      const pending = client;
      connection.set('closed');
      if (!pending) return;
      const realtime = await pending.catch(() => undefined);
      if (!realtime || ['closed', 'failed', 'initialized'].includes(realtime.connection.state)) return;
      await new Promise((resolve) => {
        realtime.connection.once('closed', resolve);
        realtime.connection.once('failed', resolve);
        realtime.close();
      });
    },
  };
}
