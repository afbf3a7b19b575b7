/**
 * The hub's admin endpoints, behind the same v2 request signatures as publishing (see
 * ../auth/request-signature.ts): `metrics` (Prometheus text; GET or POST), `stats`, `occupancy`
 * (`{ channel? }`) and `disconnect-user` (`{ userId }`). Unsigned, forged and replayed requests are
 * refused by the endpoint before they get here.
 */
import type { ProviderStats } from '@switchboard/core/adapter';
import type { ChannelOccupancy } from './hub-stats.js';

/** An answer that is not JSON (the metrics text). */
export class TextAnswer {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/** What the admin routes need from the hub. */
export interface AdminContext {
  metrics(): Promise<string>;
  stats(): Promise<ProviderStats>;
  occupancy(channel?: string): ChannelOccupancy[];
  disconnectUser(userId: string): Promise<void>;
}

/** Actions answered to GET as well as POST (a scraper sends no body). */
export const READ_ONLY_ACTIONS: ReadonlySet<string> = new Set(['metrics', 'stats', 'occupancy']);

/** Thrown for a bad admin request; the endpoint answers 400. */
export class AdminRequestError extends Error {}

/** Answers an admin action, or undefined when `action` is not one. */
export async function adminRoute(action: string, body: unknown, context: AdminContext): Promise<unknown> {
  const input = (body ?? {}) as { channel?: unknown; userId?: unknown };
  switch (action) {
    case 'metrics':
      return new TextAnswer(await context.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
    case 'stats':
      return context.stats();
    case 'occupancy': {
      if (input.channel !== undefined && typeof input.channel !== 'string') throw new AdminRequestError('Expected { channel?: string }');
      return { channels: context.occupancy(input.channel) };
    }
    case 'disconnect-user': {
      if (typeof input.userId !== 'string' || input.userId.length === 0 || input.userId.length > 256) {
        throw new AdminRequestError('Expected { userId } naming one user');
      }
      await context.disconnectUser(input.userId);
      return { disconnected: input.userId };
    }
    default:
      return undefined;
  }
}
