/**
 * A tiny in-memory stand-in for a headless CMS (Strapi-like): collections of documents with
 * `afterCreate` / `afterUpdate` lifecycle hooks, which is where the app publishes realtime events.
 * Hooks run after the write, awaited, so a failed publish surfaces to the caller as it would in a
 * CMS (and the write itself is kept).
 */
import { randomUUID } from 'node:crypto';

export interface LifecycleEvent<T> {
  /** The document after the write. */
  result: T & { documentId: string };
}

export interface Lifecycles<T> {
  afterCreate?(event: LifecycleEvent<T>): void | Promise<void>;
  afterUpdate?(event: LifecycleEvent<T>): void | Promise<void>;
}

export interface Collection<T extends object> {
  findOne(where: (document: T & { documentId: string }) => boolean): (T & { documentId: string }) | undefined;
  findMany(where: (document: T & { documentId: string }) => boolean): Array<T & { documentId: string }>;
  create(data: T): Promise<T & { documentId: string }>;
  update(documentId: string, data: Partial<T>): Promise<T & { documentId: string }>;
  /** Registers hooks; returns the function that removes them. */
  subscribeLifecycles(hooks: Lifecycles<T>): () => void;
  clear(): void;
}

export function createCollection<T extends object>(): Collection<T> {
  const documents = new Map<string, T & { documentId: string }>();
  const hooks = new Set<Lifecycles<T>>();
  const run = async (name: keyof Lifecycles<T>, result: T & { documentId: string }) => {
    for (const hook of hooks) await hook[name]?.({ result: { ...result } });
  };
  return {
    findOne: (where) => [...documents.values()].find(where),
    findMany: (where) => [...documents.values()].filter(where),
    async create(data) {
      const document = { ...data, documentId: randomUUID() };
      documents.set(document.documentId, document);
      await run('afterCreate', document);
      return document;
    },
    async update(documentId, data) {
      const existing = documents.get(documentId);
      if (!existing) throw new Error(`No document ${documentId}`);
      const document = { ...existing, ...data, documentId };
      documents.set(documentId, document);
      await run('afterUpdate', document);
      return document;
    },
    subscribeLifecycles(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    clear: () => documents.clear(),
  };
}
