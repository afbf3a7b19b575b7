// Prisma: inside an interactive $transaction, $queryRawUnsafe runs on the transaction's connection.
import type { OutboxDatabase } from '@switchboard/postgres-outbox';
import { progress } from '@switchboard/schemas/progress';
import { type PrismaTransaction, prisma } from '../your-app/prisma.js';
import { outbox } from './outbox.js';

/** The outbox's database handle for a Prisma transaction (or the client itself, for the relay). */
export const prismaDatabase = (tx: PrismaTransaction): OutboxDatabase => ({
  query: async (text, params = []) => ({ rows: await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) }),
});

export async function placeOrder(userId: string, orderId: string, total: number) {
  const now = new Date().toISOString();
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { id: orderId, userId, total } });
    await outbox.publish(prismaDatabase(tx), progress({ userId }), 'lesson:updated', {
      userId,
      lessonId: orderId,
      documentId: orderId,
      isCompleted: true,
      completionDate: now,
      timestamp: now,
    });
  });
}
