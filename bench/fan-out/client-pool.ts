/**
 * The parent side of the client processes: forks them (with tsx and the source condition, like the
 * runner), spreads connections over them and gathers their replies.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientCommand, ClientKind, ClientReply } from './client-protocol.js';

const CLIENT_SCRIPT = fileURLToPath(new URL('./client-process.ts', import.meta.url));

/** Node flags every bench child gets: TypeScript through tsx, workspace packages from source. */
export const CHILD_EXEC_ARGV = ['--import', 'tsx', '--conditions=@switchboard/source'];

class ClientProcess {
  private pending: { resolve(reply: ClientReply): void; reject(error: Error): void } | undefined;
  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: ClientReply) => {
      const waiting = this.pending;
      this.pending = undefined;
      if (reply.type === 'error') waiting?.reject(new Error(`client process: ${reply.message}`));
      else waiting?.resolve(reply);
    });
    child.on('exit', (code) => this.pending?.reject(new Error(`client process exited with ${code}`)));
  }

  next(): Promise<ClientReply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  ask(command: ClientCommand): Promise<ClientReply> {
    const answer = this.next();
    this.child.send(command);
    return answer;
  }
}

export interface ClientPool {
  /** Opens `count` more idle connections, spread evenly over the processes. */
  connect(kind: ClientKind, url: string, count: number): Promise<void>;
  /** Subscribes every connection not subscribed yet to `rooms` (`{connection}` = its index). */
  subscribe(rooms: string[]): Promise<void>;
  /** Receive times of message `sequence` on every connection, once all have it. */
  receipts(sequence: number, timeoutMs: number): Promise<number[]>;
  /** Closes every connection; the processes stay for the next hub. */
  disconnect(): Promise<void>;
  close(): Promise<void>;
}

export async function startClientPool(processes: number): Promise<ClientPool> {
  const clients = Array.from(
    { length: processes },
    () => new ClientProcess(fork(CLIENT_SCRIPT, [], { execArgv: [...CHILD_EXEC_ARGV, '--max-old-space-size=4096'], stdio: 'inherit' })),
  );
  await Promise.all(clients.map((client) => client.next()));
  let opened = 0;
  return {
    async connect(kind, url, count) {
      const share = (index: number) => Math.floor(count / processes) + (index < count % processes ? 1 : 0);
      let firstIndex = opened;
      const commands = clients.map((_, index) => {
        const command: ClientCommand = { type: 'connect', kind, url, count: share(index), firstIndex };
        firstIndex += share(index);
        return command;
      });
      opened += count;
      await Promise.all(clients.map((client, index) => client.ask(commands[index] as ClientCommand)));
    },
    async subscribe(rooms) {
      await Promise.all(clients.map((client) => client.ask({ type: 'subscribe', rooms })));
    },
    async receipts(sequence, timeoutMs) {
      const replies = await Promise.all(clients.map((client) => client.ask({ type: 'report', sequence, timeoutMs })));
      return replies.flatMap((reply) => (reply.type === 'report' ? reply.times : []));
    },
    async disconnect() {
      opened = 0;
      await Promise.all(clients.map((client) => client.ask({ type: 'close' })));
    },
    async close() {
      // Closing the IPC channel makes each client process exit on its own.
      await Promise.all(
        clients.map(
          (client) =>
            new Promise<void>((resolve) => {
              if (client.child.exitCode !== null) return resolve();
              client.child.once('exit', () => resolve());
              client.child.disconnect();
            }),
        ),
      );
    },
  };
}
