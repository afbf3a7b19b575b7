/** The IPC messages between the fan-out and memory benchmarks and their client processes. */
export type ClientKind = 'switchboard' | 'raw';

export type ClientCommand =
  /** Opens `count` more connections that subscribe to nothing yet. */
  | { type: 'connect'; kind: ClientKind; url: string; count: number; firstIndex: number }
  /**
   * Subscribes every open connection that has not done so yet to each room; `{connection}` in a
   * room name becomes the connection's global index (one channel per connection).
   */
  | { type: 'subscribe'; rooms: string[] }
  | { type: 'report'; sequence: number; timeoutMs: number }
  | { type: 'close' };

export type ClientReply =
  | { type: 'ready' }
  | { type: 'done'; connections: number }
  /** Monotonic receive times (ms) of one message, one per connection of the process. */
  | { type: 'report'; times: number[] }
  | { type: 'error'; message: string };
