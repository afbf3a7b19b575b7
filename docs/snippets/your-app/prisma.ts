// Stand-in for a generated Prisma client (an `order` model), so the Prisma recipe compiles without Prisma.
export interface PrismaTransaction {
  order: { create(input: { data: { id: string; userId: string; total: number } }): Promise<{ id: string }> };
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}
export declare const prisma: {
  $transaction<T>(work: (tx: PrismaTransaction) => Promise<T>): Promise<T>;
};
