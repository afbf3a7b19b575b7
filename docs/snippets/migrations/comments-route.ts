// app/api/courses/[courseId]/chapters/[chapterId]/comments/route.ts
import { publisherFromEnv } from '@switchboard/core/server';
import { chapterComments } from '@switchboard/schemas/comments';
import { saveComment } from '../your-app/comments-database.js';
import { currentUser } from '../your-app/session.js';

// REALTIME_PROVIDER=pusher and the PUSHER_* variables the app already has (PUSHER_APP_ID, PUSHER_KEY,
// PUSHER_SECRET, PUSHER_CLUSTER); the auth route reads the same ones, so the page follows a switch.
const publisher = publisherFromEnv();

export async function POST(request: Request, { params }: { params: { chapterId: string } }) {
  const user = await currentUser(request);
  if (!user) return new Response('Unauthorized', { status: 401 });
  const { text, parentId } = (await request.json()) as { text: string; parentId?: string };
  const comment = await saveComment({ text, parentId, chapterId: params.chapterId, author: user });
  // Validated against the catalog's comment schema; `excludeConnectionId` spares the author's own
  // tab, which already shows the comment it just posted.
  await publisher.publish(
    chapterComments({ chapterId: params.chapterId }),
    'comment:new',
    { comment },
    {
      excludeConnectionId: request.headers.get('x-realtime-connection') ?? undefined,
    },
  );
  return Response.json(comment);
}
