// postgres.js: wrap the transaction's `sql` inside sql.begin; postgresJsListener wakes the relay.
import { postgresJsDatabase, postgresOutbox } from '@switchboard/postgres-outbox';
import { progress } from '@switchboard/schemas/progress';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? 'postgres://127.0.0.1/app');
export const outbox = postgresOutbox({ database: postgresJsDatabase(sql), channels: [progress] });

export async function completeLesson(userId: string, lessonId: string, documentId: string) {
  const now = new Date().toISOString();
  await sql.begin(async (tx) => {
    await tx`UPDATE user_lessons SET is_completed = true WHERE document_id = ${documentId}`;
    await outbox.publish(postgresJsDatabase(tx), progress({ userId }), 'lesson:updated', {
      userId,
      lessonId,
      documentId,
      isCompleted: true,
      completionDate: now,
      timestamp: now,
    });
  });
}
// The relay: startRelay({ outbox, publisher, listener: postgresJsListener(sql) }).
