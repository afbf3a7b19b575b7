/**
 * The conversations example: a chat whose answers are produced by a separate worker process. The
 * backend stores the user's message and the job and publishes the first status (`searching`) in
 * one `writeAndPublish` (recorded in the transactional outbox, sent by the kit's relay); the worker publishes the rest (`processing`, the assistant's `message`,
 * `complete`) and reports back, and the backend stores the reply and the job's outcome. The
 * browser only ever holds a subscribe-only credential for its owner's conversation.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { conversationAccess } from '@switchboard/schemas/access';
import { conversation } from '@switchboard/schemas/conversations';
import {
  createWriteAndPublish,
  type Database,
  defineExample,
  type ExampleDefinition,
  forkWorker,
  json,
  jsonError,
  migrate,
  readJson,
  signedIn,
  type WorkerProcess,
} from '@switchboard-example/kit';
import type { WorkerMessage } from './jobs.js';
import { CONVERSATIONS_MIGRATIONS } from './migrations.js';
import { createConversationStore } from './store.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MAX_TEXT_LENGTH = 500;

export function createConversationsExample(): ExampleDefinition {
  const store = createConversationStore();
  // Set by start(); the access rule is built before, and asks the database on each request.
  let database: Database | undefined;
  return defineExample({
    name: 'conversations',
    title: 'Assistant conversations',
    description:
      'A chat page: the backend and a separate worker process publish status (searching → processing → complete), the reply and a completion; the browser holds only a subscribe-only credential.',
    channels: [conversation],
    // Ownership is a lookup, so the catalog leaves the rule to the app.
    rules: [conversationAccess(async (userId, conversationId) => (database ? store.isOwner(database, userId, conversationId) : false))],
    client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
    async start({ outbox, database: db, publisherEnv, authenticate, log }) {
      await migrate(db, 'conversations', CONVERSATIONS_MIGRATIONS);
      database = db;
      const writeAndPublish = createWriteAndPublish(db, outbox);
      /** What the worker reports goes on record: the reply, and how the job ended. */
      const onWorkerMessage = async (message: WorkerMessage) => {
        if (message.type === 'reply') {
          await db.transaction(async (transaction) => {
            await store.append(transaction, message.conversationId, message.message);
            await store.finishJob(transaction, message.jobId);
          });
        } else {
          await store.finishJob(db, message.jobId, message.reason);
          log(`job ${message.jobId} failed: ${message.reason}`);
        }
      };
      let worker: WorkerProcess | undefined;
      const startWorker = () => {
        const started = forkWorker(WORKER, publisherEnv);
        started.onMessage((raw) => {
          onWorkerMessage(raw as WorkerMessage).catch((error: unknown) =>
            log(`could not record the worker's report: ${(error as Error).message}`),
          );
        });
        started.child.once('exit', (code, signal) => {
          if (worker === started) worker = undefined;
          if (code !== 0 && signal !== 'SIGTERM') log(`worker exited (${signal ?? code}); the next message starts a new one`);
        });
        return started;
      };
      worker = startWorker();

      return {
        routes: {
          'GET /conversation': signedIn(authenticate, async (_request, { user }) => {
            const current = await store.currentFor(db, user.id);
            return json(200, { id: current.id, messages: current.messages });
          }),
          'POST /conversation/messages': signedIn(authenticate, async (request, { user }) => {
            const text = (await readJson(request))?.text;
            if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
              return jsonError(400, 'VALIDATION_FAILED', `Send { text } with 1 to ${MAX_TEXT_LENGTH} characters`);
            }
            const current = await store.currentFor(db, user.id);
            const message = { id: randomUUID(), role: 'user' as const, content: text.trim(), createdAt: new Date().toISOString() };
            const jobId = randomUUID();
            // The message, the job and the `searching` status commit together (the status through the
            // outbox); the relay sends the status, also when the provider is down right now.
            await writeAndPublish(async (transaction, messages) => {
              await store.append(transaction, current.id, message);
              await store.queueJob(transaction, jobId, current.id);
              await messages.add(conversation({ conversationId: current.id }), 'status', {
                status: 'searching',
                detail: 'Searching 3 sources…',
                timestamp: new Date().toISOString(),
              });
            });
            worker ??= startWorker();
            await worker.send({ type: 'answer', jobId, conversationId: current.id, text: message.content });
            return json(202, { message });
          }),
        },
        async close() {
          await worker?.close();
        },
      };
    },
  });
}

export const conversationsExample = createConversationsExample();
