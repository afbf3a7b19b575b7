// app/api/courses/[courseId]/chapters/[chapterId]/comments/[commentId]/route.ts — edit and delete.
import { createPublisher } from '@switchboard/core/server';
import '@switchboard/pusher';
import { chapterComments } from '@switchboard/schemas/comments';
import { deleteComment, findComment, updateComment } from '../your-app/comments-database.js';
import { currentUser } from '../your-app/session.js';

const publisher = createPublisher({
  provider: 'pusher',
  appId: process.env.PUSHER_APP_ID ?? '',
  key: process.env.PUSHER_KEY ?? '',
  secret: process.env.PUSHER_SECRET ?? '',
  cluster: process.env.PUSHER_CLUSTER ?? 'mt1',
});

type Params = { params: { chapterId: string; commentId: string } };

/** The comment if the signed-in user wrote it; otherwise the Response to answer with. */
async function ownComment(request: Request, { chapterId, commentId }: Params['params']) {
  const user = await currentUser(request);
  if (!user) return new Response('Unauthorized', { status: 401 });
  const comment = await findComment(chapterId, commentId);
  if (!comment) return new Response('Not found', { status: 404 });
  if (comment.author.id !== user.id) return new Response('Only the author can change a comment', { status: 403 });
  return comment;
}

const toOthers = (request: Request) => ({ excludeConnectionId: request.headers.get('x-realtime-connection') ?? undefined });

export async function PATCH(request: Request, { params }: Params) {
  const found = await ownComment(request, params);
  if (found instanceof Response) return found;
  const { text } = (await request.json()) as { text: string };
  const comment = await updateComment(found.id, text);
  await publisher.publish(chapterComments({ chapterId: params.chapterId }), 'comment:update', { comment }, toOthers(request));
  return Response.json(comment);
}

export async function DELETE(request: Request, { params }: Params) {
  const found = await ownComment(request, params);
  if (found instanceof Response) return found;
  await deleteComment(found.id);
  await publisher.publish(chapterComments({ chapterId: params.chapterId }), 'comment:delete', { commentId: found.id }, toOthers(request));
  return new Response(null, { status: 204 });
}
