/**
 * postgres.js adapters: its `sql` (or a transaction's `sql` inside `sql.begin`) as an
 * {@link OutboxDatabase}, and its built-in `sql.listen` (which reconnects on its own) as an
 * {@link OutboxListener}. Typed structurally, so this package does not depend on `postgres`.
 */
import type { OutboxDatabase, OutboxListener } from './database.js';

/** The part of a postgres.js `sql` (or transaction `sql`) the database adapter uses. */
export interface PostgresJsSql {
  /** Runs a statement given as text with `$n` parameters. */
  unsafe(query: string, parameters?: never[]): PromiseLike<ArrayLike<unknown>>;
}

/** The part of a postgres.js `sql` the listener adapter uses. */
export interface PostgresJsListenSql {
  /** Listens on `channel` on postgres.js's own listening connection; `onListen` runs on every (re)connect. */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): PromiseLike<{
    /** Stops listening. */
    unlisten(): PromiseLike<unknown>;
  }>;
}

/**
 * Runs the outbox's statements on postgres.js: pass the transaction's `sql` inside `sql.begin(...)`
 * to record in that transaction, or the top-level `sql` for the relay.
 */
export function postgresJsDatabase(sql: PostgresJsSql): OutboxDatabase {
  return {
    async query(text, params = []) {
      const rows = await sql.unsafe(text, params as never[]);
      return { rows: Array.from(rows) as Record<string, unknown>[] };
    },
  };
}

/** Wakes the relay through postgres.js's `sql.listen`, which keeps its own connection and reconnects. */
export function postgresJsListener(sql: PostgresJsListenSql): OutboxListener {
  return {
    async listen(channel, onNotify) {
      let listening = false;
      // postgres.js calls onListen on every (re)connect: after the first, notifications may have been missed.
      const subscription = await sql.listen(
        channel,
        (payload) => onNotify(payload),
        () => {
          if (listening) onNotify(undefined);
          listening = true;
        },
      );
      return async () => {
        await subscription.unlisten();
      };
    },
  };
}
