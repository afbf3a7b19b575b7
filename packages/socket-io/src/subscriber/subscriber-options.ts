import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { TokenOptions } from './token-source.js';

/** Options of the Socket.IO subscriber: the hub URL and how to get a handshake token. */
export interface SocketIoSubscriberOptions extends TokenOptions {
  /** The hub URL (what the auth endpoint's `publicConfig` returns). */
  url: string;
  /**
   * First delay before reconnecting; it doubles up to `reconnectionDelayMaxMs`, with jitter.
   * @default 1000
   */
  reconnectionDelayMs?: number;
  /**
   * Longest delay between reconnection attempts.
   * @default 5000
   */
  reconnectionDelayMaxMs?: number;
  /**
   * How long a subscribe or presence request may wait for the hub's answer.
   * @default 10000
   */
  requestTimeoutMs?: number;
  /**
   * Largest message; keep it equal to the hub's `maxPayloadBytes`.
   * @default 65536
   */
  maxPayloadBytes?: number;
  /** Passed to socket.io-client (path, transports, extraHeaders...). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}
