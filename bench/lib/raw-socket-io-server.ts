/**
 * The raw Socket.IO server of the comparisons, written as a hand-made integration would be: clients
 * ask to join a room (acknowledged), the app broadcasts with `io.to(room).emit(event, data)`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export interface RawSocketIoServer {
  readonly io: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** `recovery` turns on Socket.IO's connection-state recovery, which the Switchboard hub always enables. */
export async function startRawSocketIoServer(options: { recovery?: boolean } = {}): Promise<RawSocketIoServer> {
  const httpServer = createServer();
  const io = new Server(httpServer, options.recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 120_000 } } : {});
  io.on('connection', (socket) => {
    socket.on('join', (room: unknown, acknowledge: unknown) => {
      if (typeof room === 'string') void socket.join(room);
      if (typeof acknowledge === 'function') acknowledge();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return { io, url: `http://127.0.0.1:${port}`, close: () => io.close() };
}
