// status-endpoint.ts — a status endpoint for a load balancer or a status page: health with reasons, and stats.
import { publisherFromEnv } from '@switchboard/core/server';

export const publisher = publisherFromEnv(process.env, {
  // Degraded when more than 500 messages wait in the outbox, or a publish failed in the last 2 minutes.
  health: { outboxBacklogThreshold: 500, failureWindowMs: 120_000 },
});

export async function GET(): Promise<Response> {
  const [health, stats] = await Promise.all([publisher.health(), publisher.stats()]);
  // reasons: [{ code: 'retrying' | 'publish-failing' | 'outbox-backlog' | 'redis-down' | …, status, message }]
  const body = { status: health.status, reasons: health.reasons, latencyMs: health.latencyMs, stats };
  return Response.json(body, { status: health.status === 'unhealthy' ? 503 : 200 });
}
