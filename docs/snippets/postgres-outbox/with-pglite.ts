// PGlite (embedded Postgres, nothing to install): the instance is the database handle and the
// listener; db.transaction's `tx` records in the transaction.
import { PGlite } from '@electric-sql/pglite';
import { createPublisher } from '@switchboard/core/server';
import { postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { progress } from '@switchboard/schemas/progress';

const db = new PGlite('./data/app'); // or new PGlite() in memory
export const outbox = postgresOutbox({ database: db, channels: [progress] });
await outbox.migrate();

const publisher = createPublisher({ provider: 'memory', outbox });
await startRelay({ outbox, publisher, listener: db });

export async function completeLesson(userId: string, lessonId: string, documentId: string) {
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.query('UPDATE user_lessons SET is_completed = true WHERE document_id = $1', [documentId]);
    await outbox.publish(tx, progress({ userId }), 'lesson:updated', {
      userId,
      lessonId,
      documentId,
      isCompleted: true,
      completionDate: now,
      timestamp: now,
    });
  });
}
