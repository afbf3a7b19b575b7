/**
 * The hub's own webhooks: channel occupied/vacated (rooms named by logical channel), presence
 * members added/removed, users disconnected by the server and (when asked for) the client events
 * it relayed, POSTed as `{ time_ms, events }` to
 * the app, signed with the hub secret like every hub request (v2 request signatures), so
 * `hubWebhooks({ secret })` verifies them in `createWebhookHandler`.
 */
import type { Server } from 'socket.io';
import { signRequest } from '../auth/request-signature.js';
import type { RelayedClientEvent } from '../client-event-wire.js';

/** Where the hub sends its webhooks. */
export interface HubWebhookOptions {
  /** The URL webhooks are POSTed to. */
  url: string;
  /**
   * Delay before a batch of events is sent.
   * @default 0
   */
  batchMs?: number;
  /**
   * Also report every client event the hub relays (`client_event`, like Pusher's "Client events"
   * webhook, which apps turn on apart from the others): at up to 10 per second per connection,
   * that is many more deliveries than the channel and presence events.
   * @default false
   */
  clientEvents?: boolean;
}

/** One event as the hub sends it. */
export interface HubWebhookWireEvent {
  name: 'channel_occupied' | 'channel_vacated' | 'member_added' | 'member_removed' | 'user_disconnected' | 'client_event';
  channel?: string;
  user_id?: string;
  /** client_event: the declared client event name. */
  event?: string;
  /** client_event: the data the hub validated and relayed. */
  data?: unknown;
  /** client_event: the sender's connection. */
  socket_id?: string;
}

/** A relayed client event as the hub reports it: the sender's id is the one its token proved. */
export function clientEventWebhook(channel: string, relayed: RelayedClientEvent, socketId: string): HubWebhookWireEvent {
  return { name: 'client_event', channel, event: relayed.event, data: relayed.data, user_id: relayed.userId, socket_id: socketId };
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
