/**
 * Writes the outbox owes the database after it could not reach it: marking delivered rows as sent,
 * deleting rows of a publish that rejected. They are kept in memory and settled on the next
 * maintenance tick; until then the rows stay leased to this process, so nobody resends them.
 */
import type { OutboxDatabase } from './database.js';

export interface OwedWrites {
  /** Owes `statement` with the JSON list `keys`; settled by {@link OwedWrites.settle}. */
  owe(statement: string, keys: readonly string[]): void;
  /** Tries every owed write once; keeps those that fail again. */
  settle(database: OutboxDatabase): Promise<void>;
  /** How many keys are owed. */
  readonly size: number;
}

export function createOwedWrites(): OwedWrites {
  const owed = new Map<string, Set<string>>();
  return {
    owe(statement, keys) {
      const set = owed.get(statement) ?? new Set<string>();
      for (const key of keys) set.add(key);
      owed.set(statement, set);
    },
    async settle(database) {
      for (const [statement, keys] of owed) {
        if (keys.size === 0) continue;
        const batch = [...keys];
        await database.query(statement, [JSON.stringify(batch)]);
        for (const key of batch) keys.delete(key);
      }
    },
    get size() {
      let total = 0;
      for (const keys of owed.values()) total += keys.size;
      return total;
    },
  };
}
