/**
 * The page's calls to the comment routes. Each write sends the page's realtime connection id, so
 * the broadcast of its own change skips this window (it applies the change from the response).
 * A 502 `PUBLISH_FAILED` still carries what was saved, which this window then shows.
 */
import type { Comment } from '@switchboard/schemas/comments';
import type { ExamplePage } from '@switchboard-example/kit/client';
import type { Chapter } from '../chapters.js';

export interface CommentApi {
  load(): Promise<{ chapter: Chapter; comments: Comment[] }>;
  create(text: string): Promise<Comment>;
  edit(commentId: string, text: string): Promise<Comment>;
  remove(commentId: string): Promise<void>;
}

export function commentApi({ config, session, realtime }: ExamplePage, chapterId: string): CommentApi {
  const base = `${config.basePath}/api/chapters/${encodeURIComponent(chapterId)}/comments`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${session.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (realtime.connectionId) headers['x-realtime-connection-id'] = realtime.connectionId;
    const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const payload = (await response.json().catch(() => undefined)) as { error?: { message?: string }; saved?: T } | undefined;
    // 502 PUBLISH_FAILED: saved, but the other windows were not told; this one shows what was saved.
    if (response.status === 502 && payload?.saved !== undefined) {
      console.warn(payload.error?.message);
      return payload.saved;
    }
    if (!response.ok) throw new Error(payload?.error?.message ?? `${method} answered ${response.status}`);
    return payload as T;
  }
  return {
    load: () => call('GET', ''),
    create: async (text) => (await call<{ comment: Comment }>('POST', '', { text })).comment,
    edit: async (commentId, text) => (await call<{ comment: Comment }>('PATCH', `/${encodeURIComponent(commentId)}`, { text })).comment,
    remove: async (commentId) => {
      await call('DELETE', `/${encodeURIComponent(commentId)}`);
    },
  };
}
