/**
 * Closes a hole in connection-state recovery on the Redis streams adapter. The adapter restores a
 * session by reading the stream to its end, but the restored socket becomes reachable by broadcasts
 * (rooms joined, registered with its namespace) only a few turns of the event loop later; whatever
 * the hub delivers in between reaches nobody, and the client, told it recovered, reports no gap.
 * So once the socket is connected, the hub reads the stream again from where the replay stopped
 * and sends the socket what it has not had. The socket's live packets wait meanwhile, so everything
 * still arrives in stream order. If that read fails, the hub drops the connection and forgets the
 * session: the client comes back afresh and reports a gap, never a silent loss.
 */
import type { Redis } from 'ioredis';
import type { Socket } from 'socket.io';
import { holdWrites } from './hold-writes.js';

/** What the adapter's `restoreSession` resolves with (socket.io's `Session`, the fields read here). */
export interface RestoredSession {
  sid: string;
  missedPackets: unknown[][];
}

type RestoreSession<TSession> = (sessionId: string, offset: string) => Promise<TSession>;

/** One stream entry as the streams adapter writes it. */
type StreamMessage = Record<string, string>;

export interface RecoveryCatchUpOptions {
  redis: Redis;
  streamName: string;
  /**
   * The last entry the hub's stream reader handed to its clients (`undefined`: none yet), or `null`
   * when the hub does not deliver in stream order. Entries after it reach the socket live, later.
   */
  deliveredThrough(namespace: string): string | undefined | null;
  /** The namespace's adapter decoder, for entries it wrote in binary (msgpack) form. */
  decode: ((message: StreamMessage) => { data?: unknown }) | undefined;
  /** Ends the connection so that the client reconnects without recovery, and so reports a gap. */
  abandon(socket: Socket): void;
  /** @default 10000 */
  timeoutMs?: number;
}

export interface RecoveryCatchUp {
  /** Wraps the adapter's `restoreSession` to remember where each session's replay stopped. */
  wrapRestore<TSession extends RestoredSession | null | undefined>(restore: RestoreSession<TSession>): RestoreSession<TSession>;
  /** A recovered socket is connected: send it what was delivered while it was being restored. */
  connected(socket: Socket): void;
}

/** socket.io-adapter's `MessageType.BROADCAST` and socket.io-parser's `PacketType.EVENT`. */
const BROADCAST = '3';
const EVENT = 2;
/** A restored session whose socket never connected (the client left meanwhile) is forgotten after this. */
const FORGET_AFTER_MS = 60_000;
const READ_BATCH = 1000;

const compareOffsets = (left: string, right: string): number => {
  const [leftTime = 0, leftSequence = 0] = left.split('-').map(Number);
  const [rightTime = 0, rightSequence = 0] = right.split('-').map(Number);
  return leftTime - rightTime || leftSequence - rightSequence;
};

/** XRANGE's start is inclusive (exclusive ranges need Redis 6.2). */
const nextOffset = (offset: string): string => {
  const [time, sequence] = offset.split('-');
  return `${time}-${Number(sequence) + 1}`;
};

export function createRecoveryCatchUp(options: RecoveryCatchUpOptions): RecoveryCatchUp {
  const { redis, streamName } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const replayedThrough = new Map<string, { offset: string; at: number }>();

  const remember = (sessionId: string, offset: string) => {
    const now = Date.now();
    for (const [id, entry] of replayedThrough) if (now - entry.at > FORGET_AFTER_MS) replayedThrough.delete(id);
    replayedThrough.set(sessionId, { offset, at: now });
  };

  const decode = (message: StreamMessage): unknown => {
    const data = message.data ?? '';
    if (data.startsWith('{')) return JSON.parse(data);
    if (!options.decode) throw new Error('binary stream entry and no decoder');
    return options.decode(message).data;
  };

  /** The entries after `from` that the socket, in `rooms`, should have had. */
  const missedSince = async (from: string, rooms: ReadonlySet<string>, namespace: string) => {
    const missed: Array<{ offset: string; data: unknown[] }> = [];
    let start = nextOffset(from);
    for (;;) {
      const entries = await redis.xrange(streamName, start, '+', 'COUNT', READ_BATCH);
      for (const [offset, fields] of entries) {
        const message: StreamMessage = {};
        for (let index = 0; index + 1 < fields.length; index += 2) message[fields[index] as string] = fields[index + 1] as string;
        if (message.nsp !== namespace || message.type !== BROADCAST) continue;
        const { packet, opts } = decode(message) as {
          packet: { type?: number; id?: number; data?: unknown[] };
          opts: { rooms?: string[]; except?: string[]; flags?: { volatile?: boolean } };
        };
        // What socket.io stores for recovery: plain events, not volatile, without acknowledgement.
        if (packet.type !== EVENT || packet.id !== undefined || opts.flags?.volatile || !Array.isArray(packet.data)) continue;
        const targeted = !opts.rooms?.length || opts.rooms.some((room) => rooms.has(room));
        const excluded = opts.except?.some((room) => rooms.has(room)) ?? false;
        if (targeted && !excluded) missed.push({ offset, data: packet.data });
      }
      if (entries.length < READ_BATCH) return missed;
      start = nextOffset(entries[entries.length - 1]?.[0] as string);
    }
  };

  return {
    wrapRestore(restore) {
      return async (sessionId, offset) => {
        // Everything up to the stream's current end is in the replay the adapter is about to read.
        const end = await redis
          .xrevrange(streamName, '+', '-', 'COUNT', 1)
          .then((entries) => entries[0]?.[0])
          .catch(() => undefined);
        const session = await restore(sessionId, offset);
        if (session) {
          const lastReplayed = session.missedPackets.at(-1)?.at(-1);
          let through = typeof lastReplayed === 'string' ? lastReplayed : offset;
          if (end && compareOffsets(end, through) > 0) through = end;
          remember(session.sid, through);
        }
        return session;
      };
    },

    connected(socket) {
      const replayed = replayedThrough.get(socket.id);
      replayedThrough.delete(socket.id);
      if (!replayed) return options.abandon(socket);
      const rooms = new Set(socket.rooms);
      // What reaches the socket from now on needs no second copy.
      const received = new Set<string>();
      const onOutgoing = (...args: unknown[]) => {
        const offset = args.at(-1);
        if (typeof offset === 'string') received.add(offset);
      };
      socket.onAnyOutgoing(onOutgoing);
      const release = holdWrites(socket);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('catch-up read timed out')), timeoutMs);
      });
      Promise.race([missedSince(replayed.offset, rooms, socket.nsp.name), timedOut])
        .then(
          (missed) => {
            socket.offAnyOutgoing(onOutgoing);
            const through = options.deliveredThrough(socket.nsp.name);
            const comesLive = (offset: string) => through !== null && (through === undefined || compareOffsets(offset, through) > 0);
            release(() => {
              for (const { offset, data } of missed) {
                if (received.has(offset) || comesLive(offset)) continue;
                const [event, ...args] = data;
                // Local: these entries are in the stream already; the offset lets the client recover past them.
                socket.nsp.local.to(socket.id).emit(event as string, ...args, offset);
              }
            });
          },
          () => {
            socket.offAnyOutgoing(onOutgoing);
            release();
            options.abandon(socket);
          },
        )
        .finally(() => clearTimeout(timer));
    },
  };
}
