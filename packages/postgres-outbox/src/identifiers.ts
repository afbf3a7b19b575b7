/**
 * Names the outbox puts into SQL: the schema it owns (checked, then quoted), the NOTIFY channel,
 * and the advisory-lock class that keeps its locks apart from the app's.
 */
import { RealtimeError } from '@switchboard/core/server';

/** Advisory locks are taken as (class, key) pairs; this class is the outbox's ('SBOX'). */
export const LOCK_CLASS = 0x53424f58;
/** The key (in {@link LOCK_CLASS} + 1) that serializes migrations. */
export const MIGRATION_LOCK_CLASS = LOCK_CLASS + 1;

/** The SQL names of one outbox. */
export interface OutboxNames {
  /** The schema, quoted. */
  schema: string;
  /** The table, schema-qualified and quoted. */
  table: string;
  /** The append function, schema-qualified and quoted. */
  append: string;
  /** The LISTEN/NOTIFY channel relays wake on. */
  notifyChannel: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** Checks `schema` and derives every name from it; CONFIG for a name that is not a plain identifier. */
export function outboxNames(schema: string): OutboxNames {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RealtimeError('CONFIG', `The outbox schema "${schema}" must be a lower-case SQL identifier (a-z, 0-9, _; at most 40)`, {
      details: { schema },
    });
  }
  const quoted = `"${schema}"`;
  return { schema: quoted, table: `${quoted}.outbox`, append: `${quoted}.outbox_append`, notifyChannel: `${schema}_outbox` };
}
