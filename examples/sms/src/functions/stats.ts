/**
 * `GET /api/stats` — health and numbers for a status page: `publisher.health()` of whichever
 * provider is configured, plus message counts. JWT-guarded; answers 503 when the provider is
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
    const health = await options.publisher.health();
    return json(health.status === 'unhealthy' ? 503 : 200, { health, ...options.store.counts() });
  };
}
