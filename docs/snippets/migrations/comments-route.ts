// app/api/courses/[courseId]/chapters/[chapterId]/comments/route.ts
import { createPublisher } from '@switchboard/core/server';
import '@switchboard/pusher'; // types the pusher options below
import { chapterComments } from '@switchboard/schemas/comments';
import { saveComment } from '../your-app/comments-database.js';
import { currentUser } from '../your-app/session.js';

// Or publisherFromEnv(): the same PUSHER_* variables the app already has.
const publisher = createPublisher({
  provider: 'pusher',
  appId: process.env.PUSHER_APP_ID ?? '',
  key: process.env.PUSHER_KEY ?? '',
  secret: process.env.PUSHER_SECRET ?? '',
  cluster: process.env.PUSHER_CLUSTER ?? 'mt1',
});

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
