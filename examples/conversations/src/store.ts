/**
 * Conversations in PostgreSQL (schema `conversations`): each belongs to one user, who alone may
 * subscribe to it; its messages; and the worker's jobs, so a job that failed is on record rather
 * than only in a log.
 */
import { randomUUID } from 'node:crypto';
import { isoTime, type Queryable } from '@switchboard-example/kit';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
}

export interface Conversation {
  id: string;
  ownerId: string;
  messages: ChatMessage[];
}

interface MessageRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: unknown;
}

export function createConversationStore() {
  return {
    /** The user's conversation, started on first use. */
    async currentFor(on: Queryable, userId: string): Promise<Conversation> {
      await on.query('insert into conversations.conversations (id, owner_id) values ($1, $2) on conflict (owner_id) do nothing', [
        `c-${randomUUID().slice(0, 12)}`,
        userId,
      ]);
      const [row] = await on.query<{ id: string }>('select id from conversations.conversations where owner_id = $1', [userId]);
      const id = (row as { id: string }).id;
      const messages = await on.query<MessageRow>(
        'select id, role, content, created_at from conversations.messages where conversation_id = $1 order by created_at, id',
        [id],
      );
      return {
        id,
        ownerId: userId,
        messages: messages.map((message) => ({
          id: message.id,
          role: message.role,
          content: message.content,
          createdAt: isoTime(message.created_at),
        })),
      };
    },
    async isOwner(on: Queryable, userId: string, id: string): Promise<boolean> {
      return (await on.query('select 1 from conversations.conversations where id = $1 and owner_id = $2', [id, userId])).length > 0;
    },
    async append(on: Queryable, conversationId: string, message: ChatMessage): Promise<void> {
      await on.query(
        'insert into conversations.messages (id, conversation_id, role, content, created_at) values ($1, $2, $3, $4, $5) on conflict (id) do nothing',
        [message.id, conversationId, message.role, message.content, message.createdAt],
      );
    },
    async queueJob(on: Queryable, jobId: string, conversationId: string): Promise<void> {
      await on.query("insert into conversations.jobs (id, conversation_id, status) values ($1, $2, 'queued')", [jobId, conversationId]);
    },
    async finishJob(on: Queryable, jobId: string, error?: string): Promise<void> {
      await on.query('update conversations.jobs set status = $2, error = $3, finished_at = now() where id = $1', [
        jobId,
        error === undefined ? 'done' : 'failed',
        error ?? null,
      ]);
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
