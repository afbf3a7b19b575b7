/**
 * A small stand-in for a headless CMS (Strapi-like) on PostgreSQL: collections of documents, one
 * table each, with `afterCreate` / `afterUpdate` lifecycle hooks — where the app publishes its
 * realtime events. Every write runs inside the caller's transaction, and so do the hooks: they
 * queue their messages on it (`messages.add`), which `writeAndPublish` records in the
 * transactional outbox before the transaction commits; the kit's relay sends them once it did.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable, QueuedMessages } from '@switchboard-example/kit';

export type Document<T> = T & { documentId: string };

export interface LifecycleEvent<T> {
  /** The document after the write. */
  result: Document<T>;
  /** The write's transaction's message queue. */
  messages: QueuedMessages;
}

export interface Lifecycles<T> {
  afterCreate?(event: LifecycleEvent<T>): void | Promise<void>;
  afterUpdate?(event: LifecycleEvent<T>): void | Promise<void>;
}

/** Where a collection lives: its table and the column of each field (snake_case by convention). */
export interface CollectionSchema<T> {
  table: string;
  columns: { readonly [Field in keyof T]: string };
}

export interface Collection<T extends object> {
  findOne(on: Queryable, where: Partial<T>): Promise<Document<T> | undefined>;
  findMany(on: Queryable, where: Partial<T>): Promise<Array<Document<T>>>;
  create(transaction: Queryable, messages: QueuedMessages, data: T): Promise<Document<T>>;
  update(transaction: Queryable, messages: QueuedMessages, documentId: string, data: Partial<T>): Promise<Document<T>>;
  /** Registers hooks; returns the function that removes them. */
  subscribeLifecycles(hooks: Lifecycles<T>): () => void;
}

export function createCollection<T extends object>(schema: CollectionSchema<T>): Collection<T> {
  const hooks = new Set<Lifecycles<T>>();
  const fields = Object.keys(schema.columns) as Array<keyof T & string>;
  const select = `select document_id, ${fields.map((field) => `${schema.columns[field]} as "${field}"`).join(', ')} from ${schema.table}`;
  const toDocument = (row: Record<string, unknown>): Document<T> => {
    const { document_id, ...rest } = row;
    // Timestamps travel as ISO strings, as a CMS's JSON does.
    for (const [field, value] of Object.entries(rest)) if (value instanceof Date) rest[field] = value.toISOString();
    return { ...(rest as T), documentId: String(document_id) };
  };
  const filter = (where: Partial<T>) => {
    const entries = Object.entries(where).filter(([, value]) => value !== undefined);
    const sql = entries.map(([field], index) => `${schema.columns[field as keyof T]} = $${index + 1}`).join(' and ');
    return { sql: sql ? ` where ${sql}` : '', params: entries.map(([, value]) => value) };
  };
  const run = async (name: keyof Lifecycles<T>, result: Document<T>, messages: QueuedMessages) => {
    for (const hook of hooks) await hook[name]?.({ result: { ...result }, messages });
  };
  return {
    async findOne(on, where) {
      const { sql, params } = filter(where);
      return (await on.query<Record<string, unknown>>(`${select}${sql} limit 1`, params)).map(toDocument)[0];
    },
    async findMany(on, where) {
      const { sql, params } = filter(where);
      return (await on.query<Record<string, unknown>>(`${select}${sql} order by document_id`, params)).map(toDocument);
    },
    async create(transaction, messages, data) {
      const documentId = randomUUID();
      const columns = fields.map((field) => schema.columns[field]);
      const placeholders = fields.map((_, index) => `$${index + 2}`);
      await transaction.query(`insert into ${schema.table} (document_id, ${columns.join(', ')}) values ($1, ${placeholders.join(', ')})`, [
        documentId,
        ...fields.map((field) => data[field]),
      ]);
      const document = toDocument(
        (await transaction.query<Record<string, unknown>>(`${select} where document_id = $1`, [documentId]))[0] as Record<string, unknown>,
      );
      await run('afterCreate', document, messages);
      return document;
    },
    async update(transaction, messages, documentId, data) {
      const entries = Object.entries(data).filter(([, value]) => value !== undefined);
      const assignments = entries.map(([field], index) => `${schema.columns[field as keyof T]} = $${index + 2}`);
      const rows = await transaction.query<Record<string, unknown>>(
        `update ${schema.table} set ${assignments.join(', ')} where document_id = $1 returning document_id`,
        [documentId, ...entries.map(([, value]) => value)],
      );
      if (rows.length === 0) throw new Error(`No document ${documentId} in ${schema.table}`);
      const document = toDocument(
        (await transaction.query<Record<string, unknown>>(`${select} where document_id = $1`, [documentId]))[0] as Record<string, unknown>,
      );
      await run('afterUpdate', document, messages);
      return document;
    },
    subscribeLifecycles(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
  };
}
