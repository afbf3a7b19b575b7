/**
 * `hubAdminClient`: calls a hub's admin endpoints (admin-routes.ts) from another process, every
 * request signed with the hub secret — what the `switchboard` CLI and a metrics sidecar use.
 */
import { type ProviderStats, RealtimeError } from '@switchboard/core';
import { assertHubSecret } from '../auth/hub-token.js';
import { signRequest } from '../auth/request-signature.js';
import { PROVIDER } from '../constants.js';
import type { ChannelOccupancy } from './hub-stats.js';

/** Options of {@link hubAdminClient}. */
export interface HubAdminClientOptions {
  /** The hub's base URL (`SOCKET_IO_URL`). */
  url: string;
  /** The hub secret (`SOCKET_IO_SECRET`). */
  secret: string;
  /**
   * Path of the hub's HTTP endpoints.
   * @default '/switchboard'
   */
  endpointPath?: string;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

/** A hub's admin endpoints, from another process. */
export interface HubAdminClient {
  /** The hub's metrics, in the Prometheus text format. */
  metrics(): Promise<string>;
  /** The hub's connections, channels, subscriptions and presence members. */
  stats(): Promise<ProviderStats>;
  /** Occupied channels on the hub, largest first; `channel` narrows to one. */
  occupancy(channel?: string): Promise<ChannelOccupancy[]>;
  /** Disconnects every connection of the user, on every hub sharing Redis (see `Hub.disconnectUser`). */
  disconnectUser(userId: string): Promise<void>;
}

/** A client of a hub's signed admin endpoints. */
export function hubAdminClient(options: HubAdminClientOptions): HubAdminClient {
  assertHubSecret(options.secret, 'hubAdminClient: secret (SOCKET_IO_SECRET)');
  const base = `${options.url.replace(/\/+$/, '')}${options.endpointPath ?? '/switchboard'}`;
  const call = async (action: string, body: unknown): Promise<Response> => {
    const text = JSON.stringify(body);
    const url = `${base}/${action}`;
    const headers = await signRequest(options.secret, { method: 'POST', url, body: text });
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new RealtimeError('PROVIDER_UNAVAILABLE', `The hub at ${options.url} is unreachable`, { provider: PROVIDER, cause });
    }
    if (response.ok) return response;
    const payload = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    const code = response.status === 401 ? 'UNAUTHORIZED' : response.status >= 500 ? 'PROVIDER_UNAVAILABLE' : 'CONFIG';
    throw new RealtimeError(code, payload?.error?.message ?? `The hub answered ${response.status}`, { provider: PROVIDER });
  };
  return {
    metrics: async () => (await call('metrics', {})).text(),
    stats: async () => (await call('stats', {})).json() as Promise<ProviderStats>,
    occupancy: async (channel) =>
      ((await (await call('occupancy', channel === undefined ? {} : { channel })).json()) as { channels: ChannelOccupancy[] }).channels,
    async disconnectUser(userId) {
      await call('disconnect-user', { userId });
    },
  };
}
