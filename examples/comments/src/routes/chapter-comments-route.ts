/**
 * `GET` and `POST /chapters/:chapterId/comments` — in a Next.js app, the file
 * `app/api/chapters/[chapterId]/comments/route.ts`. Web-standard handlers: a `Request` in, a
 * `Response` out. POST writes the comment and queues `comment:new` in one `writeAndPublish`, the
 * way the original guide triggers Pusher after the database write — but recorded in the
 * transactional outbox inside the write's transaction, so the comment and its message commit
 * together and the kit's relay sends it (later, when the provider is down), never a lost event.
 */
import { chapterComments } from '@switchboard/schemas/comments';
import { json, jsonError, type RouteHandler, signedIn } from '@switchboard-example/kit';
import type { CommentRouteDependencies } from './route-context.js';
import { authorOf, connectionToExclude, readCommentText } from './route-helpers.js';

export function chapterCommentsRoute({ store, database, writeAndPublish, authenticate, log }: CommentRouteDependencies): {
  GET: RouteHandler;
  POST: RouteHandler;
} {
  // Reading is public, like the channel: anyone who can open the chapter sees its comments.
  const GET: RouteHandler = async (_request, { params }) => {
    const chapter = store.chapter(params.chapterId ?? '');
    if (!chapter) return jsonError(404, 'NOT_FOUND', `No chapter ${params.chapterId}`);
    return json(200, { chapter, comments: await store.list(database, chapter.id) });
  };

  const POST = signedIn(authenticate, async (request, { params, user }) => {
    const chapter = store.chapter(params.chapterId ?? '');
    if (!chapter) return jsonError(404, 'NOT_FOUND', `No chapter ${params.chapterId}`);
    const input = await readCommentText(request);
    if (input instanceof Response) return input;
    const parentId = input.body.parentId ?? null;
    if (parentId !== null && (typeof parentId !== 'string' || !(await store.get(database, chapter.id, parentId)))) {
      return jsonError(400, 'VALIDATION_FAILED', `parentId: no comment ${String(parentId)} on this chapter`);
    }

    const comment = await writeAndPublish(async (transaction, messages) => {
      const created = await store.create(transaction, { chapterId: chapter.id, text: input.text, author: authorOf(user), parentId });
      // The author's page adds the comment from this response, so its own connection is skipped;
      // the author's other windows still receive it.
      await messages.add(
        chapterComments({ chapterId: chapter.id }),
        'comment:new',
        { comment: created },
        { excludeConnectionId: connectionToExclude(request) },
      );
      return created;
    });
    log(`${user.id} commented on ${chapter.id}`);
    return json(201, { comment });
  });

  return { GET, POST };
}
