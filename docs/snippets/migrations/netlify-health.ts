// netlify/functions/realtime-health.ts — replaces ably-stats.ts.
import { publisher } from './netlify-publisher.js';

export default async function realtimeHealth(): Promise<Response> {
  const report = await publisher.health(); // never throws: { status, provider, latencyMs, details }
  return Response.json(report, { status: report.status === 'unhealthy' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}

export const config = { path: '/api/realtime/health' };
