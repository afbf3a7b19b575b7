/**
 * A per-connection bound on what the hub holds for a client that does not read (a stalled tab, a
 * phone on a dead network whose TCP connection has not timed out yet). Out of the box the hub keeps
 * every packet for it until the ping timeout, however much that is. Here, once the bytes waiting for
 * one connection (engine.io's write buffer plus what the WebSocket has not handed to the kernel)
 * exceed the bound, the hub cuts the connection at once and releases them. The client reconnects
 * like any dropped client: within the recovery window it recovers what it missed, later it is told
 * of a gap.
 */
import { RealtimeError } from '@switchboard/core';
import type { Server, Socket } from 'socket.io';
import { PROVIDER } from '../constants.js';

/** Default of the hub's `maxBufferedBytes`: 8 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** The hub's `maxBufferedBytes`, checked: at least 1024, or `Infinity` for no bound. */
export function resolveMaxBufferedBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BUFFERED_BYTES;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 1024) {
    throw new RealtimeError('CONFIG', 'createHub: maxBufferedBytes must be at least 1024 (or Infinity)', {
      provider: PROVIDER,
      details: { maxBufferedBytes: value },
    });
  }
  return value;
}

interface EnginePacket {
  data?: unknown;
}

interface EngineConnection {
  writeBuffer?: EnginePacket[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: () => void } };
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  close(discard?: boolean): void;
}

const sizeOf = (data: unknown): number => {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
};

/** Bytes the hub holds for one connection: packets not yet written, and what its WebSocket still buffers. */
export function bufferedBytes(socket: Socket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let bytes = 0;
  for (const packet of connection.writeBuffer ?? []) bytes += sizeOf(packet.data);
  const queued = connection.transport?.socket?.bufferedAmount;
  return bytes + (typeof queued === 'number' ? queued : 0);
}

/**
 * How long a connection may stay over the bound: a burst (a recovered client's replay, a batch)
 * that the client reads within this time is fine; a client that does not read, or reads slower than
 * the hub publishes, stays over it and is cut. So the most held for one connection is about the
 * bound plus what is published to it in this time.
 */
export const OVER_BOUND_GRACE_MS = 1000;

/**
 * Cuts every connection of `io` that has held more than `limit` bytes for longer than
 * {@link OVER_BOUND_GRACE_MS} (`Infinity`: no bound). Measuring is amortised: the buffers are
 * measured each time another sixteenth of the limit was queued, and once more when the grace ends.
 */
export function boundBufferedBytes(io: Server, limit: number): void {
  if (!Number.isFinite(limit)) return;
  const step = Math.max(1024, Math.floor(limit / 16));
  io.on('connection', (socket) => {
    const connection = socket.conn as unknown as EngineConnection;
    let sinceCheck = 0;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let cut = false;
    const disconnect = (bytes: number) => {
      cut = true;
      console.warn(
        `[switchboard] socket-io hub: connection ${socket.id} is not reading (${bytes} bytes waiting for over ${OVER_BOUND_GRACE_MS} ms, maxBufferedBytes ${limit}); disconnected, it will reconnect and recover`,
      );
      // Terminate: a closing handshake would wait behind the backlog the client is not reading.
      // socket.io sees a transport close, keeps the session for recovery and frees the buffers.
      const webSocket = connection.transport?.socket;
      if (typeof webSocket?.terminate === 'function') webSocket.terminate();
      else connection.close(true);
    };
    connection.on('packetCreate', (packet) => {
      if (cut || grace) return;
      sinceCheck += sizeOf(packet.data);
      if (sinceCheck < step) return;
      sinceCheck = 0;
      if (bufferedBytes(socket) <= limit) return;
      grace = setTimeout(() => {
        grace = undefined;
        const bytes = bufferedBytes(socket);
        if (!cut && socket.connected && bytes > limit) disconnect(bytes);
      }, OVER_BOUND_GRACE_MS);
      grace.unref?.();
    });
    socket.on('disconnect', () => clearTimeout(grace));
  });
}
