import { type ConnectionState, RealtimeError } from '@switchboard/core/adapter';
import type { Socket } from 'socket.io-client';
import { type HubReply, PROVIDER } from '../constants.js';

export interface HubRequestContext {
  socket(): Socket | undefined;
  state(): ConnectionState;
  /** Why the connection failed, when it did. */
  failure(): RealtimeError | undefined;
  timeoutMs: number;
}

/**
 * Acknowledged requests to the hub (subscribe, presence). A request lost with the connection, or
 * one that waited out a reconnection, is sent again once connected; the hub's refusals become
 * RealtimeErrors with the hub's code and reason.
 */
export function createHubRequests(context: HubRequestContext) {
  const pending = new Set<(error: RealtimeError) => void>();

  function request<TValue>(event: string, payload: unknown): Promise<TValue> {
    return new Promise((resolve, reject) => {
      const settle = (error?: RealtimeError, value?: TValue) => {
        pending.delete(settle);
        if (error) reject(error);
        else resolve(value as TValue);
      };
      const attempt = () => {
        const state = context.state();
        if (state === 'closed') return settle(new RealtimeError('CLOSED', 'This subscriber is closed', { provider: PROVIDER }));
        if (state === 'failed')
          return settle(context.failure() ?? new RealtimeError('PROVIDER_UNAVAILABLE', 'Connection failed', { provider: PROVIDER }));
        const socket = context.socket();
        socket?.timeout(context.timeoutMs).emit(event, payload, (error: Error | null, reply?: HubReply<TValue>) => {
          if (!pending.has(settle)) return;
          if (error && socket.active && !socket.connected) return void socket.once('connect', attempt);
          if (error) {
            return settle(
              new RealtimeError('TIMEOUT', `The hub did not answer ${event} within ${context.timeoutMs} ms`, {
                provider: PROVIDER,
                cause: error,
              }),
            );
          }
          if (reply?.ok) return settle(undefined, reply.value);
          settle(
            new RealtimeError(reply?.code ?? 'MALFORMED_MESSAGE', reply?.message ?? `Unexpected answer to ${event}`, {
              provider: PROVIDER,
              details: reply && { reason: reply.reason, limit: reply.limit },
              retryAfterMs: reply?.retryAfterMs,
              // Over the subscription cap, retrying changes nothing until the client unsubscribes.
              retriable: reply?.limit === 'maxSubscriptionsPerConnection' ? false : undefined,
            }),
          );
        });
      };
      pending.add(settle);
      attempt();
    });
  }

  return {
    request,
    /** Settles every request in flight with `error` (the connection failed or was closed). */
    rejectAll(error: RealtimeError): void {
      for (const reject of [...pending]) reject(error);
    },
  };
}
