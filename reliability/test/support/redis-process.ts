/**
 * A proxy in front of a redis-server of a test's own (`startRedisServer` of
 * `@switchboard/testing/faults`) that loses replies or refuses connections on cue, for faults the
 * shared Redis must never see.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { waitFor } from '@switchboard/testing';
import { restartablePort } from './hub-restart.js';

/**
 * A TCP proxy in front of Redis whose faults are precise: `loseReplyTo(marker)` lets the next
 * command containing `marker` (any case) reach Redis, swallows Redis's reply and cuts the client off, so the
 * command ran but the client never hears of it; `refuse(true)` cuts every connection (new and open)
 * until `refuse(false)`.
 */
export interface RedisProxy {
  url: string;
  loseReplyTo(marker: string, options?: { thenRefuse?: boolean }): void;
  /** Like loseReplyTo, but the command never reaches Redis. */
  dropBefore(marker: string, options?: { thenRefuse?: boolean }): void;
  refuse(on: boolean): void;
  /** Resolves once a marked command was hit. */
  hit(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisProxy(target: { port: number }): Promise<RedisProxy> {
  const port = await restartablePort();
  const open = new Set<Socket>();
  let refusing = false;
  let fault: { marker: string; reachesRedis: boolean; thenRefuse: boolean } | undefined;
  let hits = 0;
  const server: Server = createServer((client) => {
    open.add(client);
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: target.port });
    open.add(upstream);
    let swallowing = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (swallowing) return;
      if (fault && chunk.toString('latin1').toLowerCase().includes(fault.marker.toLowerCase())) {
        const { reachesRedis, thenRefuse } = fault;
        fault = undefined;
        swallowing = true;
        const fail = () => {
          hits += 1;
          // Refusing from now on: the client's reconnections fail too, so its command rejects.
          if (thenRefuse) setRefusing(true);
          cut();
        };
        if (!reachesRedis) return fail();
        upstream.write(chunk);
        // Redis has run it once it answers; the answer goes nowhere.
        upstream.once('data', fail);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!swallowing) client.write(chunk);
    });
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  let listening: Promise<void> = listen();
  await listening;
  // Refusing closes the listening socket: reconnections get ECONNREFUSED, as from a Redis that is down.
  function setRefusing(on: boolean) {
    if (on === refusing) return;
    refusing = on;
    listening = listening.then(() =>
      on
        ? new Promise<void>((resolve) => {
            server.close(() => resolve());
            for (const socket of open) socket.destroy();
          })
        : listen(),
    );
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    loseReplyTo(marker, options = {}) {
      fault = { marker, reachesRedis: true, thenRefuse: options.thenRefuse ?? false };
    },
    dropBefore(marker, options = {}) {
      fault = { marker, reachesRedis: false, thenRefuse: options.thenRefuse ?? false };
    },
    refuse(on) {
      setRefusing(on);
    },
    async hit() {
      await waitFor(() => hits > 0, 10_000, 'the marked command');
    },
    async close() {
      setRefusing(true);
      await listening;
    },
  };
}
