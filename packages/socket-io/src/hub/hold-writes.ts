import type { Socket } from 'socket.io';

type WriteToEngine = (encodedPackets: unknown, options: unknown) => void;

/**
 * Holds what socket.io writes to a socket's connection until `release` is called; `release` runs
 * `first` (whose writes go straight out) and then sends the held packets in their order. Every
 * packet for a connection — broadcasts from the adapter, the socket's own emits and acknowledgements
 * — goes through its client's `writeToEngine`, the method socket.io's adapters call, so shadowing it
 * on that one client delays that connection and nothing else.
 */
export function holdWrites(socket: Socket): (first?: () => void) => void {
  const client = socket.client as unknown as { writeToEngine?: WriteToEngine };
  const write = client.writeToEngine;
  if (typeof write !== 'function' || Object.hasOwn(client, 'writeToEngine')) {
    // Not the socket.io this was written for, or already held: send in place, without holding.
    return (first) => first?.();
  }
  const held: Array<[unknown, unknown]> = [];
  client.writeToEngine = (encodedPackets, options) => {
    held.push([encodedPackets, options]);
  };
  return (first) => {
    delete client.writeToEngine;
    try {
      first?.();
    } finally {
      for (const [encodedPackets, options] of held) write.call(client, encodedPackets, options);
    }
  };
}
