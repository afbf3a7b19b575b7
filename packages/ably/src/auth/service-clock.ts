/**
 * Ably's clock as seen from this server: `GET /time` once, then the offset from the local clock, so
 * TokenRequests carry timestamps Ably accepts even when this machine's clock is off (Ably refuses a
 * TokenRequest more than 2 minutes from its own time with 40104). The offset is refreshed now and
 * then, and a failed query keeps the last known one (or the local clock, the first time).
 */
import { RealtimeError } from '@switchboard/core';
import type { AblyHostOptions } from '../capabilities.js';
import { PROVIDER } from '../errors.js';

/** Re-query Ably's time this often, so a drifting local clock is followed. */
const REFRESH_MS = 10 * 60 * 1000;
/** Ably's production REST host, for the default endpoint. */
const DEFAULT_HOST = 'main.realtime.ably.net';

/** Ably's REST host for an endpoint, as ably-js derives it: a hostname as is, a routing policy expanded. */
function restHost(endpoint: string | undefined): string {
  if (endpoint === undefined) return DEFAULT_HOST;
  if (endpoint.includes('.') || endpoint.includes(':') || endpoint === 'localhost') {
    return endpoint.startsWith('nonprod:') ? `${endpoint.slice('nonprod:'.length)}.realtime.ably-nonprod.net` : endpoint;
  }
  return `${endpoint}.realtime.ably.net`;
}

/** The REST base URL of the configured endpoint, port and TLS setting. */
export function restBaseUrl(options: AblyHostOptions): string {
  const tls = options.tls ?? true;
  const host = restHost(options.endpoint);
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${bracketed}${options.port !== undefined ? `:${options.port}` : ''}`;
}

export interface ServiceClock {
  /** Ably's current time in ms, by the last known offset. */
  now(): Promise<number>;
}

/** A clock that follows Ably's `GET /time`; `fetchTime` is injectable for tests. */
export function createServiceClock(options: AblyHostOptions, fetchTime: typeof fetch = fetch): ServiceClock {
  const url = `${restBaseUrl(options)}/time`;
  let offset: number | undefined;
  let checkedAt = 0;
  let pending: Promise<void> | undefined;

  const query = async () => {
    const sent = Date.now();
    const response = await fetchTime(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const [serverTime] = (await response.json()) as unknown[];
    if (typeof serverTime !== 'number') throw new Error('GET /time did not answer [ms]');
    const received = Date.now();
    // The server read its clock about half way through the round trip.
    offset = serverTime - (sent + received) / 2;
    checkedAt = received;
  };

  return {
    async now() {
      if (offset === undefined || Date.now() - checkedAt > REFRESH_MS) {
        pending ??= query()
          .catch((cause: unknown) => {
            if (offset === undefined) {
              console.warn(
                `[switchboard] ${new RealtimeError('PROVIDER_UNAVAILABLE', `ablyAuthorizer queryTime: Ably ${url} failed; signing with the local clock`, { provider: PROVIDER, cause }).message}`,
              );
            }
            checkedAt = Date.now();
          })
          .finally(() => {
            pending = undefined;
          });
        await pending;
      }
      return Date.now() + (offset ?? 0);
    },
  };
}
