/**
 * A child process holding many subscriber connections to one hub, Switchboard's or raw Socket.IO's.
 * Driven over IPC by client-pool.ts: open connections, subscribe them, report when every
 * connection received a given message (with monotonic receive times), close them all.
 */
import { nowMs } from '../lib/clock.js';
import { type ClientConnection, forEachLimited, openConnection } from './client-connections.js';
import type { ClientCommand, ClientReply } from './client-protocol.js';

const CONCURRENCY = 50;

const connections: ClientConnection[] = [];
const receipts = new Map<number, number[]>();
const waiters = new Map<number, () => void>();

function received(sequence: number): void {
  const times = receipts.get(sequence) ?? [];
  times.push(nowMs());
  receipts.set(sequence, times);
  if (times.length >= connections.length) waiters.get(sequence)?.();
}

function waitForAll(sequence: number, timeoutMs: number): Promise<void> {
  if ((receipts.get(sequence)?.length ?? 0) >= connections.length) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(sequence);
      reject(new Error(`message ${sequence}: ${receipts.get(sequence)?.length ?? 0} of ${connections.length} connections received it`));
    }, timeoutMs);
    waiters.set(sequence, () => {
      clearTimeout(timer);
      waiters.delete(sequence);
      resolve();
    });
  });
}

async function run(command: ClientCommand): Promise<ClientReply> {
  switch (command.type) {
    case 'connect': {
      const indexes = Array.from({ length: command.count }, (_, offset) => command.firstIndex + offset);
      await forEachLimited(indexes, CONCURRENCY, async (index) => {
        connections.push(await openConnection(command.kind, index, command.url, received));
      });
      return { type: 'done', connections: connections.length };
    }
    case 'subscribe': {
      const fresh = connections.filter((connection) => !connection.subscribed);
      await forEachLimited(fresh, CONCURRENCY, async (connection) => {
        for (const room of command.rooms) await connection.subscribe(room.replace('{connection}', String(connection.index)));
        connection.subscribed = true;
      });
      return { type: 'done', connections: connections.length };
    }
    case 'report': {
      await waitForAll(command.sequence, command.timeoutMs);
      const times = receipts.get(command.sequence) ?? [];
      receipts.delete(command.sequence);
      return { type: 'report', times };
    }
    case 'close': {
      await Promise.all(connections.splice(0).map((connection) => connection.close()));
      return { type: 'done', connections: 0 };
    }
  }
}

const reply = (message: ClientReply) => process.send?.(message);
process.on('message', (command: ClientCommand) => {
  run(command).then(reply, (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
