/** The messages between the conversations backend and its worker process (over IPC). */

/** Backend → worker: answer the user's message in this conversation. */
export interface AnswerJob {
  type: 'answer';
  jobId: string;
  conversationId: string;
  text: string;
}

/** Worker → backend: the assistant's reply, for the conversation's history. */
export interface AssistantReply {
  type: 'reply';
  jobId: string;
  conversationId: string;
  message: { id: string; role: 'assistant'; content: string; createdAt: string };
}

/** Worker → backend: a job failed (already reported to the page as an `error` status). */
export interface JobFailed {
  type: 'failed';
  jobId: string;
  reason: string;
}

export type WorkerMessage = AssistantReply | JobFailed;

export function isAnswerJob(value: unknown): value is AnswerJob {
  const job = value as Partial<AnswerJob> | null;
  return job?.type === 'answer' && typeof job.conversationId === 'string' && typeof job.text === 'string' && typeof job.jobId === 'string';
}
