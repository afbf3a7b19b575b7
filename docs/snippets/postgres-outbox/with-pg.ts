// node-postgres: the transaction's client is the outbox's database handle as it is.
import { progress } from '@switchboard/schemas/progress';
import { outbox, pool } from './outbox.js';

export async function completeLesson(userId: string, lessonId: string, documentId: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE user_lessons SET is_completed = true WHERE document_id = $1', [documentId]);
    const now = new Date().toISOString();
    // Validated here: a bad payload throws VALIDATION_FAILED and the transaction rolls back.
    await outbox.publish(client, progress({ userId }), 'lesson:updated', {
      userId,
      lessonId,
      documentId,
      isCompleted: true,
      completionDate: now,
      timestamp: now,
    });
    await client.query('COMMIT'); // the message exists now, and only now
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
