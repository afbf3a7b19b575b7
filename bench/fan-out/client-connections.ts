/**
 * One subscriber connection of a client process, Switchboard's or raw Socket.IO's, opened idle and
 * subscribed later, so the memory benchmark can tell connections from subscriptions apart.
 */
import { createSubscriberFromTransport } from '@switchboard/core';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { io as connect } from 'socket.io-client';
import { BENCH_EVENT, benchFeed, type LessonPayload } from '../lib/bench-channel.js';
import type { ClientKind } from './client-protocol.js';

const TIMEOUT_MS = 120_000;

export interface ClientConnection {
  readonly index: number;
  subscribed: boolean;
  subscribe(room: string): Promise<void>;
  close(): Promise<void>;
}

async function switchboardConnection(index: number, url: string, receive: (sequence: number) => void): Promise<ClientConnection> {
  const transport = createSubscriberTransport({ url, socketOptions: { transports: ['websocket'] }, requestTimeoutMs: TIMEOUT_MS });
  const subscriber = createSubscriberFromTransport(transport);
  const connected = new Promise<void>((resolve, reject) => {
    const stop = subscriber.onStateChange(({ current, reason }) => {
      if (current === 'connected') resolve();
      else if (current === 'failed') reject(reason ?? new Error('connection failed'));
      else return;
      stop();
    });
  });
  await subscriber.describe(); // loads the transport and connects it, with no channel yet
  await connected;
  return {
    index,
    subscribed: false,
    async subscribe(room) {
      await subscriber.subscribe(benchFeed({ room }), BENCH_EVENT, (data) => receive(Number(data.lessonId))).ready;
    },
    close: () => subscriber.close(),
  };
}

async function rawConnection(index: number, url: string, receive: (sequence: number) => void): Promise<ClientConnection> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, timeout: TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.on(BENCH_EVENT, (data: LessonPayload) => receive(data.lessonId));
  return {
    index,
    subscribed: false,
    async subscribe(room) {
      await socket.timeout(TIMEOUT_MS).emitWithAck('join', room);
    },
    async close() {
      socket.disconnect();
    },
  };
}

export function openConnection(kind: ClientKind, index: number, url: string, receive: (sequence: number) => void) {
  return kind === 'switchboard' ? switchboardConnection(index, url, receive) : rawConnection(index, url, receive);
}

/** Runs `task` over `items` with at most `concurrency` at once (handshakes in bounded bursts). */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
