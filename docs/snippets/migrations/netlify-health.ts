// netlify/functions/realtime-stats.ts — replaces ably-stats.ts, with the fields its callers read.
import { publisher } from './netlify-publisher.js';

const startedAt = Date.now(); // this function instance's start: what the guide's `uptime` measured
const CONNECTION_STATE = { healthy: 'connected', degraded: 'disconnected', unhealthy: 'failed' } as const;

export default async function realtimeStats(): Promise<Response> {
  const began = performance.now();
  const health = await publisher.health(); // never throws: { status, provider, latencyMs, details }
  const body = {
    status: health.status,
    server: { initialized: true, connectionState: CONNECTION_STATE[health.status], uptime: Math.floor((Date.now() - startedAt) / 1000) },
    health,
    timestamp: new Date().toISOString(),
    responseTime: `${Math.round(performance.now() - began)}ms`,
  };
  return Response.json(body, { status: health.status === 'unhealthy' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}

export const config = { path: '/api/realtime/stats' };
