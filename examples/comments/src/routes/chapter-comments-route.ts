/**
 * `GET` and `POST /chapters/:chapterId/comments` — in a Next.js app, the file
 * `app/api/chapters/[chapterId]/comments/route.ts`. Web-standard handlers: a `Request` in, a
 * `Response` out. POST writes the comment first and publishes `comment:new` after, the way the
 * original guide triggers Pusher after the database write.
 */
import { chapterComments } from '@switchboard/schemas/comments';
import { json, jsonError, type RouteHandler, signedIn } from '@switchboard-example/kit';
import type { CommentRouteDependencies } from './route-context.js';
import { authorOf, connectionToExclude, readCommentText } from './route-helpers.js';

export function chapterCommentsRoute({ store, publisher, authenticate, log }: CommentRouteDependencies): {
  GET: RouteHandler;
  POST: RouteHandler;
} {
  // Reading is public, like the channel: anyone who can open the chapter sees its comments.
  const GET: RouteHandler = (_request, { params }) => {
    const chapter = store.chapter(params.chapterId ?? '');
    if (!chapter) return jsonError(404, 'NOT_FOUND', `No chapter ${params.chapterId}`);
    return json(200, { chapter, comments: store.list(chapter.id) });
  };

  const POST = signedIn(authenticate, async (request, { params, user }) => {
    const chapter = store.chapter(params.chapterId ?? '');
    if (!chapter) return jsonError(404, 'NOT_FOUND', `No chapter ${params.chapterId}`);
    const input = await readCommentText(request);
    if (input instanceof Response) return input;
    const parentId = input.body.parentId ?? null;
    if (parentId !== null && (typeof parentId !== 'string' || !store.get(chapter.id, parentId))) {
      return jsonError(400, 'VALIDATION_FAILED', `parentId: no comment ${String(parentId)} on this chapter`);
    }

    const comment = store.create({ chapterId: chapter.id, text: input.text, author: authorOf(user), parentId });
    try {
      // The author's page adds the comment from this response, so its own connection is skipped;
      // the author's other windows still receive it.
      await publisher.publish(
        chapterComments({ chapterId: chapter.id }),
        'comment:new',
        { comment },
        { excludeConnectionId: connectionToExclude(request) },
      );
    } catch (error) {
      // The comment is saved; readers who reload will see it. Say so rather than failing the write.
      log(`comment ${comment.id} saved but not published: ${(error as Error).message}`);
      return json(201, { comment, published: false });
    }
    log(`${user.id} commented on ${chapter.id}`);
    return json(201, { comment, published: true });
  });

  return { GET, POST };
}
