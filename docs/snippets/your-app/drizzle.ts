// Stand-in for Drizzle on node-postgres (`drizzle-orm`, `drizzle-orm/node-postgres`) and an `orders`
// table, so the Drizzle recipe compiles without Drizzle.
export interface SQL {
  append(chunk: SQL): SQL;
}
export declare const sql: {
  (strings: TemplateStringsArray, ...values: unknown[]): SQL;
  empty(): SQL;
  raw(text: string): SQL;
};
export declare const orders: { id: unknown; userId: unknown; total: unknown };
export interface DrizzleTransaction {
  insert(table: typeof orders): { values(row: { id: string; userId: string; total: number }): Promise<unknown> };
  execute(query: SQL): Promise<{ rows: Record<string, unknown>[] }>;
}
export declare const db: {
  transaction<T>(work: (tx: DrizzleTransaction) => Promise<T>): Promise<T>;
};
