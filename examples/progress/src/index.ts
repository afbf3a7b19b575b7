/**
 * The progress example: CMS lifecycle hooks publish a learner's lesson, level and kit progress on
 * their private channel; the learner's page shows live progress bars, and nobody else can listen.
 */
import { fileURLToPath } from 'node:url';
import { progressAccess } from '@switchboard/schemas/access';
import { progress } from '@switchboard/schemas/progress';
import { defineExample, json, jsonError, signedIn } from '@switchboard-example/kit';
import { STARTER_KIT } from './catalog.js';
import { registerProgressLifecycles } from './lifecycles.js';
import { createProgressStore, setLessonCompleted, snapshot } from './store.js';

export const progressExample = defineExample({
  name: 'progress',
  title: 'Learning progress',
  description:
    "CMS lifecycle hooks (afterCreate/afterUpdate of lesson, level and kit records) publish to the learner's private channel; live progress bars, and another learner sees none of it.",
  channels: [progress],
  rules: [progressAccess],
  client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
  start({ publisher, authenticate, log }) {
    const store = createProgressStore();
    const removeHooks = registerProgressLifecycles(store, publisher);
    const complete = (isCompleted: boolean) =>
      signedIn(authenticate, async (_request, { params, user }) => {
        const lessonId = Number(params.lessonId);
        try {
          await setLessonCompleted(store, STARTER_KIT, user.id, lessonId, isCompleted);
        } catch (error) {
          return jsonError(400, 'INVALID_LESSON', (error as Error).message);
        }
        log(`${user.id} ${isCompleted ? 'completed' : 'reopened'} lesson ${lessonId}`);
        // The page does not use this answer: the bars move when the realtime events arrive.
        return json(202, { accepted: true });
      });
    return {
      routes: {
        'GET /progress': signedIn(authenticate, (_request, { user }) => json(200, snapshot(store, STARTER_KIT, user.id))),
        'POST /lessons/:lessonId/complete': complete(true),
        'POST /lessons/:lessonId/reopen': complete(false),
      },
      async close() {
        removeHooks();
      },
    };
  },
});
