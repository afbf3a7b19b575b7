/**
 * The conversations worker: a separate process (forked by the backend, a queue consumer in
 * production) that does the slow part of a reply and publishes its progress itself — over the
 * Socket.IO hub's signed HTTP endpoint, or to Pusher or Ably — with a publisher built from its
 * environment. It never talks to the browser any other way.
 */
import { randomUUID } from 'node:crypto';
import { conversation } from '@switchboard/schemas/conversations';
import { exitWithParent, historyFromEnv, workerPublisherFromEnv } from '@switchboard-example/kit';
import { searchOpportunities, writeReply } from './assistant.js';
import { type AnswerJob, isAnswerJob, type WorkerMessage } from './jobs.js';

// The server's history store when it is shared (Redis); with the default memory store the worker's
// messages go out unnumbered and a page that missed them refetches the conversation.
const history = historyFromEnv(process.env);
// `publisherFromEnv(process.env)`, or under `pnpm demo --emulators` one that follows the live switch.
const publisher = workerPublisherFromEnv(process.env, history ? { history } : {});
const STEP_MS = Number(process.env.CONVERSATIONS_STEP_MS ?? 400);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => new Date().toISOString();
const report = (message: WorkerMessage) => process.send?.(message);

async function answer(job: AnswerJob): Promise<void> {
  const channel = conversation({ conversationId: job.conversationId });
  try {
    // The pauses stand in for a search API and a model call, so the statuses can be seen.
    const result = searchOpportunities(job.text);
    await pause(STEP_MS);
    await publisher.publish(channel, 'status', {
      status: 'processing',
      detail: `Ranking ${result.matches.length} matches`,
      timestamp: now(),
    });
    await pause(STEP_MS);
    const message = { id: randomUUID(), role: 'assistant' as const, content: writeReply(job.text, result), createdAt: now() };
    await publisher.publish(channel, 'message', message);
    report({ type: 'reply', jobId: job.jobId, conversationId: job.conversationId, message });
    await publisher.publish(channel, 'status', { status: 'complete', timestamp: now() });
    await publisher.publish(channel, 'complete', { goalId: `goal-${job.jobId.slice(0, 8)}`, opportunitiesCount: result.matches.length });
  } catch (error) {
    const reason = (error as Error).message;
    report({ type: 'failed', jobId: job.jobId, reason });
    await publisher
      .publish(channel, 'status', { status: 'error', detail: 'The assistant could not answer', timestamp: now() })
      .catch(() => {});
  }
}

process.on('message', (message) => {
  if (isAnswerJob(message)) void answer(message);
});
exitWithParent(() => publisher.close());
