/**
 * `PATCH` and `DELETE /chapters/:chapterId/comments/:commentId` — in a Next.js app,
 * `app/api/chapters/[chapterId]/comments/[commentId]/route.ts`. Only a comment's author may edit
 * or delete it; each change is published after it was written.
 */
import { chapterComments } from '@switchboard/schemas/comments';
import { json, jsonError, type RouteHandler, type SignedInHandler, signedIn } from '@switchboard-example/kit';
import type { CommentRouteDependencies } from './route-context.js';
import { connectionToExclude, readCommentText } from './route-helpers.js';

export function chapterCommentRoute({ store, publisher, authenticate, log }: CommentRouteDependencies): {
  PATCH: RouteHandler;
  DELETE: RouteHandler;
} {
  /** Finds the comment and checks the signed-in user wrote it; a Response when not. */
  const ownComment = (chapterId: string, commentId: string, userId: string) => {
    const comment = store.get(chapterId, commentId);
    if (!comment) return jsonError(404, 'NOT_FOUND', `No comment ${commentId} on chapter ${chapterId}`);
    if (comment.author.id !== userId) return jsonError(403, 'FORBIDDEN', 'Only the author can change a comment');
    return comment;
  };

  const publishFailed = (commentId: string, error: unknown) =>
    log(`comment ${commentId} changed but not published: ${(error as Error).message}`);

  const patch: SignedInHandler = async (request, { params, user }) => {
    const chapterId = params.chapterId ?? '';
    const found = ownComment(chapterId, params.commentId ?? '', user.id);
    if (found instanceof Response) return found;
    const input = await readCommentText(request);
    if (input instanceof Response) return input;
    const comment = store.update(chapterId, found.id, input.text);
    try {
      await publisher.publish(
        chapterComments({ chapterId }),
        'comment:update',
        { comment },
        { excludeConnectionId: connectionToExclude(request) },
      );
    } catch (error) {
      publishFailed(comment.id, error);
      return json(200, { comment, published: false });
    }
    return json(200, { comment, published: true });
  };

  const remove: SignedInHandler = async (request, { params, user }) => {
    const chapterId = params.chapterId ?? '';
    const found = ownComment(chapterId, params.commentId ?? '', user.id);
    if (found instanceof Response) return found;
    store.remove(chapterId, found.id);
    try {
      await publisher.publish(
        chapterComments({ chapterId }),
        'comment:delete',
        { commentId: found.id },
        { excludeConnectionId: connectionToExclude(request) },
      );
    } catch (error) {
      publishFailed(found.id, error);
      return json(200, { commentId: found.id, published: false });
    }
    return json(200, { commentId: found.id, published: true });
  };

  return { PATCH: signedIn(authenticate, patch), DELETE: signedIn(authenticate, remove) };
}
