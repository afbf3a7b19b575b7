/**
 * The comment list's state as a pure function of changes, for the Vue and Svelte pages: the first
 * load, events and this window's own responses all go through `applyChange`, which is idempotent —
 * an older copy never replaces a newer one and a deleted comment never comes back.
 */
import type { Comment } from '@switchboard/schemas/comments';

export interface CommentsState {
  byId: ReadonlyMap<string, Comment>;
  deleted: ReadonlySet<string>;
}

export type CommentChange =
  | { type: 'upsert'; comments: readonly Comment[] }
  | { type: 'delete'; commentId: string }
  /** A reload after a gap: `comments` is the truth for every id in `known` (what the page showed when it started). */
  | { type: 'reload'; comments: readonly Comment[]; known: ReadonlySet<string> };

/** Recent events replayed from the history store when a page subscribes. */
export const REWIND_EVENTS = 50;

export const EMPTY_COMMENTS: CommentsState = { byId: new Map(), deleted: new Set() };

export function applyChange(state: CommentsState, change: CommentChange): CommentsState {
  if (change.type === 'reload') {
    const loaded = new Set(change.comments.map((comment) => comment.id));
    const byId = new Map(state.byId);
    const deleted = new Set(state.deleted);
    // Shown before the reload started but gone from the server: deleted while the page was away.
    for (const id of change.known) {
      if (loaded.has(id)) continue;
      byId.delete(id);
      deleted.add(id);
    }
    return applyChange({ byId, deleted }, { type: 'upsert', comments: change.comments });
  }
  const byId = new Map(state.byId);
  if (change.type === 'delete') {
    byId.delete(change.commentId);
    return { byId, deleted: new Set(state.deleted).add(change.commentId) };
  }
  for (const comment of change.comments) {
    const known = byId.get(comment.id);
    if (state.deleted.has(comment.id) || (known && known.updatedAt > comment.updatedAt)) continue;
    byId.set(comment.id, comment);
  }
  return { byId, deleted: state.deleted };
}

/** Oldest first. */
export const sortedComments = (state: CommentsState): Comment[] =>
  [...state.byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
