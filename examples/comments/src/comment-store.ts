/**
 * The comments table (PostgreSQL, schema `comments`): read by the routes, written inside the
 * transaction of `writeAndPublish`, so each change and its `comment:*` message are one unit.
 */
import { randomUUID } from 'node:crypto';
import type { Comment, CommentAuthor } from '@switchboard/schemas/comments';
import { isoTime, type Queryable } from '@switchboard-example/kit';
import { CHAPTERS, type Chapter } from './chapters.js';

interface CommentRow {
  id: string;
  chapter_id: string;
  text: string;
  author_id: string;
  author_name: string;
  parent_id: string | null;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS = 'id, chapter_id, text, author_id, author_name, parent_id, created_at, updated_at';

function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    chapterId: row.chapter_id,
    text: row.text,
    author: { id: row.author_id, name: row.author_name },
    parentId: row.parent_id,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

export interface CommentStore {
  chapter(chapterId: string): Chapter | undefined;
  list(on: Queryable, chapterId: string): Promise<Comment[]>;
  get(on: Queryable, chapterId: string, commentId: string): Promise<Comment | undefined>;
  create(
    on: Queryable,
    input: { chapterId: string; text: string; author: CommentAuthor; parentId?: string | null | undefined },
  ): Promise<Comment>;
  update(on: Queryable, chapterId: string, commentId: string, text: string): Promise<Comment>;
  remove(on: Queryable, chapterId: string, commentId: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCommentStore(): CommentStore {
  const store: CommentStore = {
    chapter: (chapterId) => CHAPTERS.find((chapter) => chapter.id === chapterId),
    async list(on, chapterId) {
      const rows = await on.query<CommentRow>(`select ${COLUMNS} from comments.comments where chapter_id = $1 order by created_at, id`, [
        chapterId,
      ]);
      return rows.map(toComment);
    },
    async get(on, chapterId, commentId) {
      // An id that is not a UUID names no comment (and must not reach the uuid column).
      if (!UUID.test(commentId)) return undefined;
      const rows = await on.query<CommentRow>(`select ${COLUMNS} from comments.comments where id = $1 and chapter_id = $2`, [
        commentId,
        chapterId,
      ]);
      return rows[0] ? toComment(rows[0]) : undefined;
    },
    async create(on, { chapterId, text, author, parentId }) {
      const rows = await on.query<CommentRow>(
        `insert into comments.comments (id, chapter_id, text, author_id, author_name, parent_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, now(), now()) returning ${COLUMNS}`,
        [randomUUID(), chapterId, text, author.id, author.name, parentId ?? null],
      );
      return toComment(rows[0] as CommentRow);
    },
    async update(on, chapterId, commentId, text) {
      const rows = await on.query<CommentRow>(
        `update comments.comments set text = $3, updated_at = greatest(now(), updated_at + interval '1 millisecond')
         where id = $1 and chapter_id = $2 returning ${COLUMNS}`,
        [commentId, chapterId, text],
      );
      if (!rows[0]) throw new Error(`No comment ${commentId} on chapter ${chapterId}`);
      return toComment(rows[0]);
    },
    async remove(on, chapterId, commentId) {
      await on.query('delete from comments.comments where id = $1 and chapter_id = $2', [commentId, chapterId]);
    },
  };
  return store;
}
