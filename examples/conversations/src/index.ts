/**
 * The conversations example: a chat whose answers are produced by a separate worker process. The
 * backend publishes the first status (`searching`), the worker the rest (`processing`, the
 * assistant's `message`, `complete`), and the browser only ever holds a subscribe-only credential
 * for its owner's conversation.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { conversationAccess } from '@switchboard/schemas/access';
import { conversation } from '@switchboard/schemas/conversations';
import {
  defineExample,
  type ExampleDefinition,
  forkWorker,
  json,
  jsonError,
  readJson,
  signedIn,
  type WorkerProcess,
} from '@switchboard-example/kit';
import type { WorkerMessage } from './jobs.js';
import { createConversationStore } from './store.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MAX_TEXT_LENGTH = 500;

export function createConversationsExample(): ExampleDefinition {
  const store = createConversationStore();
  return defineExample({
    name: 'conversations',
    title: 'Assistant conversations',
    description:
      'A chat page: the backend and a separate worker process publish status (searching → processing → complete), the reply and a completion; the browser holds only a subscribe-only credential.',
    channels: [conversation],
    // Ownership is a lookup, so the catalog leaves the rule to the app.
    rules: [conversationAccess((userId, conversationId) => store.isOwner(userId, conversationId))],
    client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
    start({ publisher, publisherEnv, authenticate, log }) {
      let worker: WorkerProcess | undefined;
      const startWorker = () => {
        const started = forkWorker(WORKER, publisherEnv);
        started.onMessage((raw) => {
          const message = raw as WorkerMessage;
          if (message.type === 'reply') store.append(message.conversationId, message.message);
          if (message.type === 'failed') log(`job ${message.jobId} failed: ${message.reason}`);
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
          'GET /conversation': signedIn(authenticate, (_request, { user }) => {
            const current = store.currentFor(user.id);
            return json(200, { id: current.id, messages: current.messages });
          }),
          'POST /conversation/messages': signedIn(authenticate, async (request, { user }) => {
            const text = (await readJson(request))?.text;
            if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
              return jsonError(400, 'VALIDATION_FAILED', `Send { text } with 1 to ${MAX_TEXT_LENGTH} characters`);
            }
            const current = store.currentFor(user.id);
            const message = { id: randomUUID(), role: 'user' as const, content: text.trim(), createdAt: new Date().toISOString() };
            store.append(current.id, message);
            const channel = conversation({ conversationId: current.id });
            await publisher.publish(channel, 'status', {
              status: 'searching',
              detail: 'Searching 3 sources…',
              timestamp: new Date().toISOString(),
            });
            worker ??= startWorker();
            await worker.send({ type: 'answer', jobId: randomUUID(), conversationId: current.id, text: message.content });
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
