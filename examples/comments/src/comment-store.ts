/**
 * The comments "database": an in-memory table of chapters and their comments. A real app writes
 * to Prisma or Postgres here; what matters for the example is that the routes publish only after
 * the write succeeded, with what was written.
 */
import { randomUUID } from 'node:crypto';
import type { Comment, CommentAuthor } from '@switchboard/schemas/comments';
import { CHAPTERS, type Chapter, DEFAULT_CHAPTER_ID } from './chapters.js';

export interface CommentStore {
  chapter(chapterId: string): Chapter | undefined;
  list(chapterId: string): Comment[];
  get(chapterId: string, commentId: string): Comment | undefined;
  create(input: { chapterId: string; text: string; author: CommentAuthor; parentId?: string | null | undefined }): Comment;
  update(chapterId: string, commentId: string, text: string): Comment;
  remove(chapterId: string, commentId: string): void;
}

/** Creates the store with one comment already there, so a first visit is not an empty page. */
export function createCommentStore(): CommentStore {
  const comments = new Map<string, Comment>();
  const store: CommentStore = {
    chapter: (chapterId) => CHAPTERS.find((chapter) => chapter.id === chapterId),
    list: (chapterId) =>
      [...comments.values()].filter((comment) => comment.chapterId === chapterId).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    get(chapterId, commentId) {
      const comment = comments.get(commentId);
      return comment?.chapterId === chapterId ? comment : undefined;
    },
    create({ chapterId, text, author, parentId }) {
      const now = new Date().toISOString();
      const comment: Comment = { id: randomUUID(), text, author, chapterId, parentId: parentId ?? null, createdAt: now, updatedAt: now };
      comments.set(comment.id, comment);
      return comment;
    },
    update(chapterId, commentId, text) {
      const existing = store.get(chapterId, commentId);
      if (!existing) throw new Error(`No comment ${commentId} on chapter ${chapterId}`);
      const updated: Comment = { ...existing, text, updatedAt: new Date().toISOString() };
      comments.set(commentId, updated);
      return updated;
    },
    remove(chapterId, commentId) {
      if (store.get(chapterId, commentId)) comments.delete(commentId);
    },
  };
  store.create({
    chapterId: DEFAULT_CHAPTER_ID,
    text: 'The presence part finally made sense once I opened this page in two windows.',
    author: { id: 'alan', name: 'Alan Turing' },
  });
  return store;
}
