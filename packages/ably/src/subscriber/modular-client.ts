/**
 * The browser client: `BaseRealtime` with only the WebSocket transport, fetch and presence plugins.
 * Imported statically here (and this module lazily) so bundlers tree-shake everything else away.
 */
import type * as Ably from 'ably';
import { BaseRealtime, FetchRequest, RealtimePresence, WebSocketTransport } from 'ably/modular';

export function createModularClient(options: Ably.ClientOptions): Ably.RealtimeClient {
  return new BaseRealtime({ ...options, plugins: { WebSocketTransport, FetchRequest, RealtimePresence } });
}
