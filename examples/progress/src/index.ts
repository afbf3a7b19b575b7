/**
 * The progress example: CMS lifecycle hooks publish a learner's lesson, level and kit progress on
 * their private channel; the learner's page shows live progress bars, and nobody else can listen.
 * The records live in PostgreSQL (schema `progress`); a lesson's three writes and their messages
 * go through `writeAndPublish` as one unit: the messages are recorded in the transactional outbox
 * inside the write's transaction, and the kit's relay sends them once it committed.
 */
import { fileURLToPath } from 'node:url';
import { progressAccess } from '@switchboard/schemas/access';
import { progress } from '@switchboard/schemas/progress';
import { createWriteAndPublish, defineExample, json, jsonError, migrate, signedIn } from '@switchboard-example/kit';
import { STARTER_KIT } from './catalog.js';
import { registerProgressLifecycles } from './lifecycles.js';
import { PROGRESS_MIGRATIONS } from './migrations.js';
import { createProgressStore, setLessonCompleted, snapshot, UnknownLessonError } from './store.js';

export const progressExample = defineExample({
  name: 'progress',
  title: 'Learning progress',
  description:
    "CMS lifecycle hooks (afterCreate/afterUpdate of lesson, level and kit records) publish to the learner's private channel; live progress bars, and another learner sees none of it.",
  channels: [progress],
  rules: [progressAccess],
  client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
  async start({ outbox, database, authenticate, log }) {
    await migrate(database, 'progress', PROGRESS_MIGRATIONS);
    const store = createProgressStore();
    const writeAndPublish = createWriteAndPublish(database, outbox);
    const removeHooks = registerProgressLifecycles(store);
    const complete = (isCompleted: boolean) =>
      signedIn(authenticate, async (_request, { params, user }) => {
        const lessonId = Number(params.lessonId);
        try {
          await setLessonCompleted(store, writeAndPublish, STARTER_KIT, user.id, lessonId, isCompleted);
        } catch (error) {
          // Only a lesson outside the kit is the caller's mistake. The messages are in the outbox with
          // the committed write: a provider that is down delays them, the relay sends them later.
          if (error instanceof UnknownLessonError) return jsonError(400, error.code, error.message);
          throw error;
        }
        log(`${user.id} ${isCompleted ? 'completed' : 'reopened'} lesson ${lessonId}`);
        // The page does not use this answer: the bars move when the realtime events arrive.
        return json(202, { accepted: true });
      });
    return {
      routes: {
        'GET /progress': signedIn(authenticate, async (_request, { user }) =>
          json(200, await snapshot(store, database, STARTER_KIT, user.id)),
        ),
        'POST /lessons/:lessonId/complete': complete(true),
        'POST /lessons/:lessonId/reopen': complete(false),
      },
      async close() {
        removeHooks();
      },
    };
  },
});
