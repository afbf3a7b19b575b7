/**
 * `GET /api/stats[?channelName=<one of yours>]` — what the seed's `ably-stats` function reported,
 * for whichever provider is configured: `status` (`healthy | degraded | unhealthy`, from
 * `publisher.health()`), `server` (`initialized`, `connectionState`, `uptime` in seconds since this
 * function instance started, the provider and its check's latency), `channels` (the state of each
 * of the user's own channels: `active` with the latest message's number and time from the history
 * store, or `idle`), `timestamp` and `responseTime`, plus message counts. JWT-guarded; another
 * user's channel is a 403; `health` and `stats` are the publisher's whole reports; answers 503 when the provider is unhealthy, so an uptime check can watch it.
 */
import type { ChannelRef } from '@switchboard/core/client';
import type { RealtimePublisher } from '@switchboard/core/server';
import { smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import { type Database, json, jsonError } from '@switchboard-example/kit';
import type { InboxStore } from '../inbox-store.js';
import { type Authenticate, requireUser } from './guard.js';

/** The seed's connection states, from the publisher's health. */
const CONNECTION_STATE = { healthy: 'connected', degraded: 'disconnected', unhealthy: 'failed' } as const;

interface ChannelState {
  name: string;
  state: 'active' | 'idle' | 'unavailable';
  /** The number of the channel's latest message in the history store (0: none yet). */
  latestSeq?: number;
  lastMessageAt?: string;
}

export function createStatsFunction(options: {
  authenticate: Authenticate;
  publisher: RealtimePublisher;
  database: Database;
  store: InboxStore;
}) {
  const startedAt = Date.now();

  async function channelState(channel: ChannelRef): Promise<ChannelState> {
    try {
      const page = await options.publisher.history(channel, { limit: 1 });
      const latest = page.messages[0];
      return {
        name: channel.name,
        state: page.latestSeq > 0 ? 'active' : 'idle',
        latestSeq: page.latestSeq,
        ...(latest ? { lastMessageAt: new Date(latest.ts).toISOString() } : {}),
      };
    } catch {
      return { name: channel.name, state: 'unavailable' };
    }
  }

  return async (request: Request): Promise<Response> => {
    const began = performance.now();
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    const inbox = await options.store.inboxOf(options.database, user.id);
    const own: ChannelRef[] = [
      smsNotifications({ userId: user.id }),
      smsContacts({ userId: user.id }),
      ...inbox.contacts.map((contact) => smsConversation({ userId: user.id, contactId: contact.id })),
    ];
    const asked = new URL(request.url).searchParams.get('channelName');
    const wanted = asked === null ? own : own.filter((channel) => channel.name === asked);
    if (asked !== null && wanted.length === 0) return jsonError(403, 'FORBIDDEN', `${asked} is not one of your channels`);

    const [health, stats, states, counts] = await Promise.all([
      options.publisher.health(),
      options.publisher.stats(),
      Promise.all(wanted.map(channelState)),
      options.store.counts(options.database),
    ]);
    return json(health.status === 'unhealthy' ? 503 : 200, {
      status: health.status,
      server: {
        initialized: true,
        connectionState: CONNECTION_STATE[health.status],
        uptime: Math.floor((Date.now() - startedAt) / 1000),
        publisherUptimeMs: stats.uptimeMs,
        provider: health.provider,
        ...(health.latencyMs === undefined ? {} : { latencyMs: health.latencyMs }),
      },
      channels: Object.fromEntries(states.map((state) => [state.name, state])),
      timestamp: new Date().toISOString(),
      responseTime: `${Math.round(performance.now() - began)}ms`,
      health,
      stats,
      ...counts,
    });
  };
}
