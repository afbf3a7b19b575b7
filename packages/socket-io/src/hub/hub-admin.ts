/**
 * The hub's bookkeeping for operators: counts what it delivers and refuses, and answers the admin
 * endpoints (admin-routes.ts) from its health, stats and occupancy.
 */
import type { HealthReport, ProviderStats } from '@switchboard/core';
import type { AdminContext } from './admin-routes.js';
import { hubMetricRegistry } from './hub-metrics.js';
import type { ChannelOccupancy } from './hub-stats.js';

/** What the bookkeeping reads from the hub. */
export interface HubAdminSources {
  health(): Promise<HealthReport>;
  stats(): Promise<ProviderStats>;
  occupancy(channel?: string): ChannelOccupancy[];
  disconnectUser(userId: string): Promise<void>;
}

const UP: Record<HealthReport['status'], number> = { healthy: 1, degraded: 0.5, unhealthy: 0 };

export function hubAdmin(sources: HubAdminSources) {
  const registry = hubMetricRegistry();
  return {
    /** Runs a delivery, counting its messages as published or failed. */
    observe(messages: readonly unknown[], run: () => Promise<void>): Promise<void> {
      return run().then(
        () => registry.add('switchboard_hub_messages_published_total', undefined, messages.length),
        (error: unknown) => {
          registry.add('switchboard_hub_publish_failures_total', undefined, messages.length);
          throw error;
        },
      );
    },
    /** Counts messages delivered without {@link observe} (the local broadcast, synchronous). */
    published(count: number) {
      registry.add('switchboard_hub_messages_published_total', undefined, count);
    },
    failed(count: number) {
      registry.add('switchboard_hub_publish_failures_total', undefined, count);
    },
    refused(reason: string) {
      registry.add('switchboard_hub_http_requests_refused_total', { reason });
    },
    context: {
      async metrics() {
        const [stats, health] = await Promise.all([sources.stats(), sources.health()]);
        registry.set('switchboard_hub_connections', stats.connections ?? 0);
        registry.set('switchboard_hub_channels', stats.channels ?? 0);
        registry.set('switchboard_hub_subscriptions', stats.subscriptions ?? 0);
        registry.set('switchboard_hub_presence_members', stats.presenceMembers ?? 0);
        registry.set('switchboard_hub_up', UP[health.status]);
        return registry.render();
      },
      stats: () => sources.stats(),
      occupancy: (channel) => sources.occupancy(channel),
      async disconnectUser(userId) {
        await sources.disconnectUser(userId);
        registry.add('switchboard_hub_users_disconnected_total');
      },
    } satisfies AdminContext,
  };
}
