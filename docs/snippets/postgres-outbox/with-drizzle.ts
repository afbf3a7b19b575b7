// Drizzle (node-postgres driver): turn the outbox's `$n` parameters into Drizzle's `sql` chunks.
import type { OutboxDatabase } from '@switchboard/postgres-outbox';
import { progress } from '@switchboard/schemas/progress';
import { type DrizzleTransaction, db, orders, sql } from '../your-app/drizzle.js';
import { outbox } from './outbox.js';

/** The outbox's database handle for a Drizzle transaction (or `db` itself, for the relay). */
export const drizzleDatabase = (tx: DrizzleTransaction): OutboxDatabase => ({
  async query(text, params = []) {
    const query = sql.empty();
    text.split(/\$(\d+)/).forEach((part, index) => {
      query.append(index % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`);
    });
    return { rows: (await tx.execute(query)).rows };
  },
});

export async function placeOrder(userId: string, orderId: string, total: number) {
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.insert(orders).values({ id: orderId, userId, total });
    await outbox.publish(drizzleDatabase(tx), progress({ userId }), 'lesson:updated', {
      userId,
      lessonId: orderId,
      documentId: orderId,
      isCompleted: true,
      completionDate: now,
      timestamp: now,
    });
  });
}
