/**
 * History through the auth endpoint, server side. A POST whose JSON body is
 * `{ "history": { "channel": "<logical name>", since?, before?, limit?, direction? } }` is answered
 * with one page of that channel's history, if the user may subscribe to the channel: the same
 * checker as credentials, so the same rules (default deny). Signed-out users may only read channels
 * that anyone may subscribe to.
 */
import type { ChannelCheck } from '../auth/authorizer.js';
import type { AuthUser } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { HistoryQuery } from './history-query.js';
import type { HistoryStore } from './history-store.js';
import { readHistory } from './publisher-history.js';

/** The body field that marks a history request. */
export const HISTORY_REQUEST_FIELD = 'history';

/** What a history request asks for: a logical channel name and a query. */
export interface HistoryRequest extends HistoryQuery {
  /** The logical channel name, e.g. `chat:room:42`. */
  channel: string;
}

/** True for a request body that asks for history rather than a credential. */
export function isHistoryRequest(body: Record<string, unknown>): boolean {
  return Object.hasOwn(body, HISTORY_REQUEST_FIELD);
}

/** What the endpoint needs to check a request: the same checker credentials go through. */
export type HistoryAccessCheck = (user: AuthUser | undefined, logicalName: string) => Promise<ChannelCheck>;

/**
 * Reads the page a history request asks for. Throws UNAUTHORIZED (signed out, channel not open to
 * anyone), FORBIDDEN (the rules refuse), INVALID_CHANNEL, VALIDATION_FAILED or UNSUPPORTED (no store).
 */
export async function answerHistoryRequest(
  store: HistoryStore | undefined,
  check: HistoryAccessCheck,
  user: AuthUser | undefined,
  body: Record<string, unknown>,
): Promise<unknown> {
  if (!store) throw new RealtimeError('UNSUPPORTED', 'This auth endpoint serves no history: pass createAuthHandler({ ..., history })');
  const request = body[HISTORY_REQUEST_FIELD] as Partial<HistoryRequest> | null;
  if (typeof request !== 'object' || request === null || Array.isArray(request) || typeof request.channel !== 'string') {
    throw new RealtimeError(
      'VALIDATION_FAILED',
      'history: send { "history": { "channel": "<logical name>", since?, before?, limit?, direction? } }',
    );
  }
  const { channel: name, ...query } = request;
  const verdict = await check(user, name);
  if (!verdict.allowed || !verdict.channel) {
    if (!user) throw new RealtimeError('UNAUTHORIZED', 'Sign in first: this channel’s history needs a signed-in user');
    const reason = verdict.reason ?? `access to "${name.slice(0, 80)}" denied`;
    throw new RealtimeError('FORBIDDEN', `History of "${name.slice(0, 80)}" refused: ${reason}`, {
      details: { channel: name.slice(0, 200), reason },
    });
  }
  return readHistory(store, verdict.channel, query);
}
