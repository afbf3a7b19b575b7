/**
 * What the comment routes share: reading and validating the body against the comments catalog,
 * the author of a request, and the connection to leave out of a broadcast.
 */
import { type AuthUser, RealtimeError, validateWithSchema } from '@switchboard/core/server';
import { type CommentAuthor, commentSchema } from '@switchboard/schemas/comments';
import { jsonError, readJson } from '@switchboard-example/kit';

/**
 * The header a page sends its realtime connection id in (`subscriber.connectionId`), so the
 * broadcast of its own change skips it: the page already applied the change from the response.
 */
export const CONNECTION_HEADER = 'x-realtime-connection-id';

/** Longest comment the API stores; the catalog only says a comment must not be empty. */
export const MAX_COMMENT_LENGTH = 2000;

/** The connection to exclude from a publish, or `undefined` when the page is not connected yet. */
export function connectionToExclude(request: Request): string | undefined {
  const value = request.headers.get(CONNECTION_HEADER)?.trim();
  return value ? value : undefined;
}

export function authorOf(user: AuthUser): CommentAuthor {
  const name = typeof user.info?.name === 'string' ? user.info.name : user.id;
  return { id: user.id, name };
}

/** A comment's text from the body, checked with the catalog's own field schema; a 400 Response when it is not usable. */
export async function readCommentText(request: Request): Promise<{ text: string; body: Record<string, unknown> } | Response> {
  const body = await readJson(request);
  if (!body) return jsonError(400, 'INVALID_BODY', 'Send a JSON object such as { "text": "…" }');
  const text = typeof body.text === 'string' ? body.text.trim() : body.text;
  try {
    const checked = await validateWithSchema(commentSchema.entries.text, text, 'text');
    if (checked.length > MAX_COMMENT_LENGTH) {
      return jsonError(400, 'VALIDATION_FAILED', `text: must be at most ${MAX_COMMENT_LENGTH} characters`);
    }
    return { text: checked, body };
  } catch (error) {
    if (RealtimeError.isInstance(error, 'VALIDATION_FAILED')) return jsonError(400, 'VALIDATION_FAILED', error.message);
    throw error;
  }
}
