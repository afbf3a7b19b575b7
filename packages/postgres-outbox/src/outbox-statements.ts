/**
 * Every statement the outbox runs besides migrations, each one statement with text parameters (lists
 * travel as JSON arrays), so every driver runs them the same way. Rows are "pending" while neither
 * sent nor set aside with an error.
 */
import type { OutboxNames } from './identifiers.js';

export interface OutboxStatements {
  /** $1 messages JSON, $2 owner or null, $3 lease ms → message_id, message_seq (text). */
  append: string;
  /**
   * Claims up to $2 pending rows nobody holds (or whose holder's lease ran out) for owner $1, for $3
   * ms, skipping rows another relay is claiming right now. A row is taken only with every earlier
   * pending row of its channel, so a channel's messages never overtake each other across relays.
   */
  claim: string;
  /** Extends owner $1's leases by $2 ms. */
  renew: string;
  /** Marks the rows with seq in JSON array $1 as sent. */
  markSent: string;
  /** Gives back owner $1's pending rows (a clean shutdown), so another relay takes them at once. */
  release: string;
  /** Deletes the pending rows with ids in JSON array $1 (a record that may or may not have happened). */
  discard: string;
  /** Sets row $1 aside with error $2; it is never claimed again. */
  setAside: string;
  /** Deletes up to $2 rows sent more than $1 ms ago; answers how many. */
  prune: string;
  /** Counts pending rows. */
  pending: string;
}

export function outboxStatements({ table, append }: OutboxNames): OutboxStatements {
  const pending = 'sent_at IS NULL AND error IS NULL';
  const seqs = 'SELECT value::bigint FROM jsonb_array_elements_text($1::text::jsonb)';
  return {
    append: `SELECT message_id, message_seq::text AS message_seq FROM ${append}($1::text::jsonb, $2::text, $3::integer)`,
    claim: `WITH candidate AS (
      SELECT seq, channel FROM ${table}
      WHERE ${pending} AND (lease_until IS NULL OR lease_until < clock_timestamp())
      ORDER BY seq LIMIT $2::integer
      FOR UPDATE SKIP LOCKED
    ), eligible AS (
      SELECT c.seq FROM candidate c
      WHERE NOT EXISTS (
        SELECT 1 FROM ${table} e
        WHERE e.channel = c.channel AND e.sent_at IS NULL AND e.error IS NULL AND e.seq < c.seq
          AND e.seq NOT IN (SELECT seq FROM candidate)
      )
    )
    UPDATE ${table} o
    SET owner = $1::text, lease_until = clock_timestamp() + $3::integer * interval '1 millisecond', attempts = o.attempts + 1
    FROM eligible WHERE o.seq = eligible.seq
    RETURNING o.seq::text AS seq, o.record::text AS record`,
    renew: `UPDATE ${table} SET lease_until = clock_timestamp() + $2::integer * interval '1 millisecond'
      WHERE owner = $1::text AND ${pending}`,
    markSent: `UPDATE ${table} SET sent_at = clock_timestamp(), owner = NULL, lease_until = NULL
      WHERE seq IN (${seqs}) AND sent_at IS NULL`,
    release: `UPDATE ${table} SET owner = NULL, lease_until = NULL WHERE owner = $1::text AND ${pending}`,
    discard: `DELETE FROM ${table} WHERE id IN (SELECT value FROM jsonb_array_elements_text($1::text::jsonb)) AND sent_at IS NULL`,
    setAside: `UPDATE ${table} SET error = $2::text, owner = NULL, lease_until = NULL WHERE seq = $1::bigint`,
    prune: `WITH old AS (
      SELECT seq FROM ${table} WHERE sent_at < clock_timestamp() - $1::bigint * interval '1 millisecond' LIMIT $2::integer
    ), gone AS (
      DELETE FROM ${table} o USING old WHERE o.seq = old.seq RETURNING 1
    ) SELECT count(*)::int AS pruned FROM gone`,
    pending: `SELECT count(*)::int AS pending FROM ${table} WHERE ${pending}`,
  };
}
