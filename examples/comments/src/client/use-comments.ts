/**
 * The chapter's comments, kept current: the list loaded once, then every `comment:new`,
 * `comment:update` and `comment:delete` from the chapter channel (`useChannel`), and this window's
 * own writes from their responses. Applying is idempotent, so an event and a response for the
 * same change, or an event that overtakes the first load, never show a comment twice or bring a
 * deleted one back. The subscription rewinds the channel's recent events from the history store,
 * which closes the window between the first load and the subscription; after a reconnect the
 * subscriber catches up from the store, and a gap it could not fill reloads the list.
 */

import { type ChannelSubscriptionState, useChannel } from '@switchboard/react';
import type { Comment } from '@switchboard/schemas/comments';
import { chapterComments } from '@switchboard/schemas/comments';
import { refetchOnGap } from '@switchboard-example/kit/client';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Chapter } from '../chapters.js';
import type { CommentApi } from './comment-api.js';

interface CommentsState {
  byId: ReadonlyMap<string, Comment>;
  deleted: ReadonlySet<string>;
}

type Change =
  | { type: 'upsert'; comments: readonly Comment[] }
  | { type: 'delete'; commentId: string }
  /** A reload: `comments` is the truth for every id in `known` (what the page showed when it started). */
  | { type: 'reload'; comments: readonly Comment[]; known: ReadonlySet<string> };

/** Recent events replayed from history when the page subscribes. */
const REWIND_EVENTS = 50;

function apply(state: CommentsState, change: Change): CommentsState {
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
    return apply({ byId, deleted }, { type: 'upsert', comments: change.comments });
  }
  if (change.type === 'delete') {
    const byId = new Map(state.byId);
    byId.delete(change.commentId);
    return { byId, deleted: new Set(state.deleted).add(change.commentId) };
  }
  const byId = new Map(state.byId);
  for (const comment of change.comments) {
    const known = byId.get(comment.id);
    // An older copy (a late load, a reordered event) never replaces a newer one.
    if (state.deleted.has(comment.id) || (known && known.updatedAt > comment.updatedAt)) continue;
    byId.set(comment.id, comment);
  }
  return { byId, deleted: state.deleted };
}

export interface ChapterComments {
  chapter: Chapter | undefined;
  comments: Comment[];
  /** Whether the first load finished, and why it failed if it did. */
  loaded: boolean;
  loadError: string | undefined;
  /** The chapter channel subscription. */
  channel: ChannelSubscriptionState;
  create(text: string): Promise<void>;
  edit(commentId: string, text: string): Promise<void>;
  remove(commentId: string): Promise<void>;
}

export function useComments(api: CommentApi, chapterId: string): ChapterComments {
  const [state, dispatch] = useReducer(apply, { byId: new Map<string, Comment>(), deleted: new Set<string>() });
  const [chapter, setChapter] = useState<Chapter>();
  const [loadError, setLoadError] = useState<string>();

  const shown = useRef(state.byId);
  shown.current = state.byId;
  const reload = useCallback(async () => {
    const known = new Set(shown.current.keys());
    const answer = await api.load();
    dispatch({ type: 'reload', comments: answer.comments, known });
  }, [api]);

  const channel = useChannel(
    chapterComments({ chapterId }),
    {
      'comment:new': ({ comment }) => dispatch({ type: 'upsert', comments: [comment] }),
      'comment:update': ({ comment }) => dispatch({ type: 'upsert', comments: [comment] }),
      'comment:delete': ({ commentId }) => dispatch({ type: 'delete', commentId }),
    },
    { rewind: REWIND_EVENTS, onGap: refetchOnGap(reload) },
  );

  useEffect(() => {
    let active = true;
    api.load().then(
      (answer) => {
        if (!active) return;
        setChapter(answer.chapter);
        dispatch({ type: 'upsert', comments: answer.comments });
      },
      (error: Error) => active && setLoadError(error.message),
    );
    return () => {
      active = false;
    };
  }, [api]);

  const comments = useMemo(() => [...state.byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [state.byId]);
  return {
    chapter,
    comments,
    loaded: chapter !== undefined,
    loadError,
    channel,
    create: async (text) => dispatch({ type: 'upsert', comments: [await api.create(text)] }),
    edit: async (commentId, text) => dispatch({ type: 'upsert', comments: [await api.edit(commentId, text)] }),
    remove: async (commentId) => {
      await api.remove(commentId);
      dispatch({ type: 'delete', commentId });
    },
  };
}
