/**
 * Chapter comments: new, edited and deleted comments on one chapter, published by the API after
 * the database write, plus a presence channel showing who is viewing the chapter.
 *
 * The original guide's Pusher channel `chapter-{chapterId}-comments` becomes the logical name
 * `comments:chapter:{chapterId}`; each adapter maps it to a provider-legal name.
 *
 * @module @switchboard/schemas/comments
 */
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';
import { displayNameSchema, idSchema, objectSchema, textSchema, timestampSchema, urlSchema } from './primitives.js';

/** Who wrote a comment, sent along so subscribers need not look the user up. */
export const commentAuthorSchema = objectSchema({
  /** Its id. */
  id: idSchema,
  /** Display name. */
  name: displayNameSchema,
  /** Avatar image URL. */
  avatar: v.optional(urlSchema),
});

/** A comment as subscribers render it. */
export const commentSchema = objectSchema({
  /** Its id. */
  id: idSchema,
  /** The comment text. */
  text: textSchema,
  /** Who wrote it. */
  author: commentAuthorSchema,
  /** The chapter it belongs to. */
  chapterId: idSchema,
  /** The comment this one replies to; `null` or absent for a top-level comment. */
  parentId: v.nullish(idSchema),
  /** When it was written. */
  createdAt: timestampSchema,
  /** When it was last edited. */
  updatedAt: timestampSchema,
});

/** `comment:new` and `comment:update`: the whole comment after the write. */
export const commentChangedSchema = objectSchema({
  /** The comment after the write. */
  comment: commentSchema,
});

/** `comment:delete`: only the id is left to send. */
export const commentDeletedSchema = objectSchema({
  /** The deleted comment. */
  commentId: idSchema,
});

/** Event name → payload schema of the chapter comment channel. */
export const commentEvents = {
  /** A comment was posted. */
  'comment:new': commentChangedSchema,
  /** A comment was edited. */
  'comment:update': commentChangedSchema,
  /** A comment was deleted. */
  'comment:delete': commentDeletedSchema,
};

/**
 * `comments:chapter:{chapterId}` — public, as in the guide: anyone who can open the chapter page
 * reads its comments. Apps that gate chapters behind enrolment can declare their own private
 * channel with {@link commentEvents} and an `allow(...)` rule.
 */
export const chapterComments = defineChannel('comments:chapter:{chapterId}', {
  access: 'public',
  events: commentEvents,
  description: 'New, edited and deleted comments on one chapter',
});

/** What each viewer shows the others on the viewers channel. */
export const viewerPresenceSchema = objectSchema({
  /** Display name. */
  name: displayNameSchema,
  /** Avatar image URL. */
  avatar: v.optional(urlSchema),
});

/**
 * `viewer:typing`: a viewer started or stopped writing a comment — a client event (whisper) one
 * viewer sends straight to the others, no server round trip. Who sent it is not in the data:
 * receivers get it from the provider (`meta.userId`) and show the name from presence.
 */
export const viewerTypingSchema = objectSchema({
  /** True when they started writing, false when they stopped. */
  typing: v.boolean('must be a boolean'),
});

/** Client event name → payload schema of the viewers channel. */
export const viewerClientEvents = {
  /** A viewer started or stopped writing. */
  'viewer:typing': viewerTypingSchema,
};

/**
 * `comments:viewers:{chapterId}` — presence: who is viewing the chapter right now, and the
 * `viewer:typing` client event between them. Any signed-in user may join with
 * `chapterViewersAccess` (`@switchboard/schemas/access`) on the server; identity comes from the
 * auth endpoint.
 */
export const chapterViewers = defineChannel('comments:viewers:{chapterId}', {
  access: 'presence',
  events: {},
  presence: viewerPresenceSchema,
  clientEvents: viewerClientEvents,
  description: 'Who is viewing one chapter, and who of them is writing a comment',
});

/** Who wrote a comment. */
export type CommentAuthor = v.InferOutput<typeof commentAuthorSchema>;
/** A comment as subscribers render it. */
export type Comment = v.InferOutput<typeof commentSchema>;
/** What a viewer shows the others. */
export type ViewerPresence = v.InferOutput<typeof viewerPresenceSchema>;
/** Payload of `viewer:typing`. */
export type ViewerTyping = v.InferOutput<typeof viewerTypingSchema>;
/** Every event of the chapter comment channel with its payload type. */
export type CommentEventMap = { [E in keyof typeof commentEvents]: v.InferOutput<(typeof commentEvents)[E]> };
