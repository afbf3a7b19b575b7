/**
 * LISTEN/NOTIFY on `pg` (node-postgres): a connection of its own, opened by the app's `connect`
 * function, re-opened with backoff when it drops (a database restart), with one wake-up after each
 * reconnect for the notifications missed meanwhile. Typed structurally: no dependency on `pg`.
 */
import type { OutboxListener } from './database.js';

/** The part of a connected `pg.Client` the listener uses. */
export interface PgListenClient {
  /** Runs `LISTEN "channel"`. */
  query(text: string): Promise<unknown>;
  /** Notifications on any channel this session listens to. */
  on(event: 'notification', listener: (message: { channel: string; payload?: string | undefined }) => void): unknown;
  /** The connection failed or ended: the listener reconnects. */
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  /** Closes the connection. */
  end(): Promise<void>;
}

/** Options of {@link pgListener}. */
export interface PgListenerOptions {
  /**
   * Longest wait between reconnection attempts, in ms.
   * @default 5000
   */
  maxReconnectDelayMs?: number;
  /**
   * Hears about a lost connection or a failed reconnection (the relay still polls meanwhile).
   * @default console.warn
   */
  onError?: (error: Error) => void;
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A listener on `pg` clients: `connect` returns a new, connected client, e.g.
 * `async () => { const client = new pg.Client(url); await client.connect(); return client; }`.
 * Never pass a pooled client: LISTEN belongs to one session.
 */
export function pgListener(connect: () => Promise<PgListenClient>, options: PgListenerOptions = {}): OutboxListener {
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const warn = options.onError ?? ((error: Error) => console.warn(`[switchboard] postgres outbox listener: ${error.message}`));
  return {
    async listen(channel, onNotify) {
      let stopped = false;
      let client: PgListenClient | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;

      const open = async (): Promise<void> => {
        const next = await connect();
        let lost = false;
        const onLost = (error?: Error) => {
          if (lost) return;
          lost = true;
          if (client === next) client = undefined;
          if (stopped) return;
          warn(error ?? new Error('the LISTEN connection ended'));
          schedule();
        };
        next.on('error', onLost);
        next.on('end', onLost);
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload);
        });
        await next.query(`LISTEN ${quoteIdentifier(channel)}`);
        client = next;
        failures = 0;
      };

      const schedule = () => {
        const delay = Math.min(maxDelay, 100 * 2 ** Math.min(failures, 10));
        failures += 1;
        timer = setTimeout(() => {
          open().then(
            () => {
              if (stopped) void client?.end().catch(() => {});
              else onNotify(undefined);
            },
            (error: unknown) => {
              if (stopped) return;
              warn(error instanceof Error ? error : new Error(String(error)));
              schedule();
            },
          );
        }, delay);
        (timer as { unref?: () => void }).unref?.();
      };

      await open();
      return async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        const current = client;
        client = undefined;
        await current?.end().catch(() => {});
      };
    },
  };
}
