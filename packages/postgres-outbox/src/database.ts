/**
 * The two things the outbox needs from a PostgreSQL driver, kept minimal so every driver fits:
 * `query(text, params)` answering `{ rows }` (a `pg` Client, PoolClient or Pool and PGlite already
 * have it), and `listen(channel, onNotify)` for LISTEN/NOTIFY wake-ups (PGlite has it). Adapters for
 * postgres.js and for `pg` listening are in `postgres-js.ts` and `pg-listener.ts`.
 */

/** Anything that runs one parameterized SQL statement: the app's transaction, or a pool for the relay. */
export interface OutboxDatabase {
  /**
   * Runs one statement with `$1…$n` parameters (strings, numbers or null) and answers its rows.
   * The outbox passes JSON as text and casts in SQL, so no driver-specific type handling is needed.
   */
  query(
    text: string,
    params?: unknown[],
  ): Promise<{
    /** The rows the statement returned, as column → value objects. */
    rows: Record<string, unknown>[];
  }>;
}

/** Stops listening; resolves once the channel is no longer listened to. */
export type StopListening = () => Promise<void>;

/** A LISTEN/NOTIFY subscription, on a connection of its own (never a pooled one). */
export interface OutboxListener {
  /**
   * Listens on `channel` and calls `onNotify` for each notification. Reconnecting listeners call
   * `onNotify` once after reconnecting, since notifications sent while they were away are lost.
   */
  listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<StopListening>;
}
