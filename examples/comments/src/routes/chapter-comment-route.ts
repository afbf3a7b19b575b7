/**
 * `PATCH` and `DELETE /chapters/:chapterId/comments/:commentId` — in a Next.js app,
 * `app/api/chapters/[chapterId]/comments/[commentId]/route.ts`. Only a comment's author may edit
 * or delete it; each change and its `comment:update` / `comment:delete` go through one
 * `writeAndPublish`: the message is recorded in the transactional outbox inside the change's
 * transaction, and the kit's relay sends it once committed (later, when the provider is down).
 */
import { chapterComments } from '@switchboard/schemas/comments';
import { json, jsonError, type RouteHandler, type SignedInHandler, signedIn } from '@switchboard-example/kit';
import type { CommentRouteDependencies } from './route-context.js';
import { connectionToExclude, readCommentText } from './route-helpers.js';

export function chapterCommentRoute({ store, database, writeAndPublish, authenticate }: CommentRouteDependencies): {
  PATCH: RouteHandler;
  DELETE: RouteHandler;
} {
  /** Finds the comment and checks the signed-in user wrote it; a Response when not. */
  const ownComment = async (chapterId: string, commentId: string, userId: string) => {
    const comment = await store.get(database, chapterId, commentId);
    if (!comment) return jsonError(404, 'NOT_FOUND', `No comment ${commentId} on chapter ${chapterId}`);
    if (comment.author.id !== userId) return jsonError(403, 'FORBIDDEN', 'Only the author can change a comment');
    return comment;
  };

  const patch: SignedInHandler = async (request, { params, user }) => {
    const chapterId = params.chapterId ?? '';
    const found = await ownComment(chapterId, params.commentId ?? '', user.id);
    if (found instanceof Response) return found;
    const input = await readCommentText(request);
    if (input instanceof Response) return input;
    const comment = await writeAndPublish(async (transaction, messages) => {
      const updated = await store.update(transaction, chapterId, found.id, input.text);
      await messages.add(
        chapterComments({ chapterId }),
        'comment:update',
        { comment: updated },
        { excludeConnectionId: connectionToExclude(request) },
      );
      return updated;
    });
    return json(200, { comment });
  };

  const remove: SignedInHandler = async (request, { params, user }) => {
    const chapterId = params.chapterId ?? '';
    const found = await ownComment(chapterId, params.commentId ?? '', user.id);
    if (found instanceof Response) return found;
    await writeAndPublish(async (transaction, messages) => {
      await store.remove(transaction, chapterId, found.id);
      await messages.add(
        chapterComments({ chapterId }),
        'comment:delete',
        { commentId: found.id },
        { excludeConnectionId: connectionToExclude(request) },
      );
    });
    return json(200, { commentId: found.id });
  };

  return { PATCH: signedIn(authenticate, patch), DELETE: signedIn(authenticate, remove) };
}
