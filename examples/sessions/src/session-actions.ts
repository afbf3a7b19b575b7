/**
 * What a participant can do on the page, as session events: each action advances the session
 * record (inside the caller's transaction) and returns the event payload that `notify` sends to
 * the partner.
 */
import { randomUUID } from 'node:crypto';
import type { SessionEventData, SessionEventName } from '@switchboard/schemas/sessions';
import type { Queryable } from '@switchboard-example/kit';
import type { SessionRecord, SessionStore } from './session-store.js';

/** The actions the page offers, by event name. */
export const SESSION_ACTIONS = [
  'partner.signed_compact',
  'partner.stage_completed',
  'partner.needs_shared',
  'agreement.proposed',
  'session.paused',
  'session.resumed',
] as const satisfies readonly SessionEventName[];

export type SessionAction = (typeof SESSION_ACTIONS)[number];

export function isSessionAction(value: unknown): value is SessionAction {
  return typeof value === 'string' && (SESSION_ACTIONS as readonly string[]).includes(value);
}

/** Applies `action` by `userId` to the record, in `transaction`, and returns the event payload. */
export async function performAction(
  store: SessionStore,
  transaction: Queryable,
  record: SessionRecord,
  userId: string,
  action: SessionAction,
): Promise<SessionEventData<SessionAction>> {
  const actor = { userId, timestamp: new Date().toISOString() };
  switch (action) {
    case 'partner.signed_compact':
      return actor;
    case 'partner.stage_completed': {
      const stage = record.stages.get(userId) ?? 0;
      await store.setStage(transaction, record.id, userId, stage + 1);
      record.stages.set(userId, stage + 1);
      return { ...actor, stage };
    }
    case 'partner.needs_shared':
      return { ...actor, needsCount: 3 };
    case 'agreement.proposed': {
      const agreementId = randomUUID();
      const summary = 'Check in with each other every Sunday evening.';
      await store.addAgreement(transaction, record.id, agreementId, userId, summary);
      return { ...actor, agreementId, summary };
    }
    case 'session.paused':
      await store.setPaused(transaction, record.id, true);
      record.paused = true;
      return { ...actor, reason: 'Taking a break' };
    case 'session.resumed':
      await store.setPaused(transaction, record.id, false);
      record.paused = false;
      return actor;
  }
}
