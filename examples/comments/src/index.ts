/**
 * The comments example: a chapter page in React (@switchboard/react) where new, edited and deleted
 * comments appear live in every open window, with a "who's viewing" list from presence. The
 * comment routes are Web-standard handlers, as a Next.js app has them; the comments live in
 * PostgreSQL, and each write and its message go through `writeAndPublish`.
 */
import { fileURLToPath } from 'node:url';
import { chapterViewersAccess } from '@switchboard/schemas/access';
import { chapterComments, chapterViewers } from '@switchboard/schemas/comments';
import { createWriteAndPublish, defineExample, migrate } from '@switchboard-example/kit';
import { createCommentStore } from './comment-store.js';
import { COMMENTS_MIGRATIONS } from './migrations.js';
import { chapterCommentRoute } from './routes/chapter-comment-route.js';
import { chapterCommentsRoute } from './routes/chapter-comments-route.js';

export const commentsExample = defineExample({
  name: 'comments',
  title: 'Chapter comments',
  description:
    'A React chapter page: new, edited and deleted comments appear live in every open window, and a "who\'s viewing" list comes from presence. The routes are Next.js-style Web handlers.',
  channels: [chapterComments, chapterViewers],
  rules: [chapterViewersAccess],
  client: fileURLToPath(new URL('./client/page.tsx', import.meta.url)),
  // The same page in Vue and in Svelte, on this backend: /comments/vue/ and /comments/svelte/.
  pages: {
    vue: fileURLToPath(new URL('./vue/page.ts', import.meta.url)),
    svelte: fileURLToPath(new URL('./svelte/page.ts', import.meta.url)),
  },
  async start({ outbox, database, authenticate, log }) {
    await migrate(database, 'comments', COMMENTS_MIGRATIONS);
    const writeAndPublish = createWriteAndPublish(database, outbox);
    const dependencies = { store: createCommentStore(), database, writeAndPublish, authenticate, log };
    const comments = chapterCommentsRoute(dependencies);
    const comment = chapterCommentRoute(dependencies);
    return {
      routes: {
        'GET /chapters/:chapterId/comments': comments.GET,
        'POST /chapters/:chapterId/comments': comments.POST,
        'PATCH /chapters/:chapterId/comments/:commentId': comment.PATCH,
        'DELETE /chapters/:chapterId/comments/:commentId': comment.DELETE,
      },
    };
  },
});
