/**
 * `GET /api/stats` — health and numbers for a status page: `publisher.health()` of whichever
 * provider is configured (status, reasons, response time) and `publisher.stats()` (uptime, rates,
 * connections and channels where the provider tells), plus message counts. JWT-guarded; answers 503 when the provider is
 * unhealthy, so an uptime check can watch it.
 */
import type { RealtimePublisher } from '@switchboard/core/server';
import { json } from '@switchboard-example/kit';
import type { InboxStore } from '../inbox-store.js';
import { type Authenticate, requireUser } from './guard.js';

export function createStatsFunction(options: { authenticate: Authenticate; publisher: RealtimePublisher; store: InboxStore }) {
  return async (request: Request): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    const [health, stats] = await Promise.all([options.publisher.health(), options.publisher.stats()]);
    return json(health.status === 'unhealthy' ? 503 : 200, { health, stats, ...options.store.counts() });
  };
}
