/** Conversations in memory: each belongs to one user, who alone may subscribe to it. */
import { randomUUID } from 'node:crypto';

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

export function createConversationStore() {
  const conversations = new Map<string, Conversation>();
  return {
    /** The user's conversation, started on first use. */
    currentFor(userId: string): Conversation {
      const existing = [...conversations.values()].find((candidate) => candidate.ownerId === userId);
      if (existing) return existing;
      const created: Conversation = { id: `c-${randomUUID().slice(0, 12)}`, ownerId: userId, messages: [] };
      conversations.set(created.id, created);
      return created;
    },
    get: (id: string) => conversations.get(id),
    isOwner: (userId: string, id: string) => conversations.get(id)?.ownerId === userId,
    append(id: string, message: ChatMessage): void {
      conversations.get(id)?.messages.push(message);
    },
  };
}
