/**
 * The hub's own webhooks: channel occupied/vacated (rooms named by logical channel), presence
 * members added/removed and users disconnected by the server, POSTed as `{ time_ms, events }` to
 * the app, signed with the hub secret like every hub request (v2 request signatures), so
 * `hubWebhooks({ secret })` verifies them in `createWebhookHandler`.
 */
import type { Server } from 'socket.io';
import { signRequest } from '../auth/request-signature.js';

/** Where the hub sends its webhooks. */
export interface HubWebhookOptions {
  /** The URL webhooks are POSTed to. */
  url: string;
  /**
   * Delay before a batch of events is sent.
   * @default 0
   */
  batchMs?: number;
}

/** One event as the hub sends it. */
export interface HubWebhookWireEvent {
  name: 'channel_occupied' | 'channel_vacated' | 'member_added' | 'member_removed' | 'user_disconnected';
  channel?: string;
  user_id?: string;
}

/** Sends events in signed batches; failures are logged, not retried. */
export function hubWebhookSender(options: HubWebhookOptions, secret: string) {
  let pending: HubWebhookWireEvent[] = [];
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    const body = JSON.stringify({ time_ms: Date.now(), events: pending });
    pending = [];
    try {
      const headers = await signRequest(secret, { method: 'POST', url: options.url, body });
      const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      if (!response.ok) console.warn(`[switchboard] socket-io hub: webhook answered ${response.status}`);
    } catch (error) {
      console.warn(`[switchboard] socket-io hub: webhook failed: ${(error as Error).message}`);
    }
  };
  return (event: HubWebhookWireEvent) => {
    pending.push(event);
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => void flush(), options.batchMs ?? 0);
  };
}

/** Reports rooms named by logical channel as they get their first socket and lose their last. */
export function reportOccupancy(io: Server, send: (event: HubWebhookWireEvent) => void): void {
  const namespace = io.of('/');
  // A socket's own room has its id as name; `#` never starts a logical channel name.
  const isChannel = (room: string) => !room.startsWith('#') && !namespace.sockets.has(room) && room !== '';
  const occupied = new Set<string>();
  namespace.adapter.on('create-room', (room: string) => {
    // A socket's own room is created before the socket is listed: decide once the join is done.
    queueMicrotask(() => {
      if (!isChannel(room) || !namespace.adapter.rooms.has(room)) return;
      occupied.add(room);
      send({ name: 'channel_occupied', channel: room });
    });
  });
  namespace.adapter.on('delete-room', (room: string) => {
    if (occupied.delete(room)) send({ name: 'channel_vacated', channel: room });
  });
}
