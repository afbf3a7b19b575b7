/**
 * What a participant can do on the page, as session events: each action advances the session
 * record and returns the event and payload that `notify` sends to the partner.
 */
import { randomUUID } from 'node:crypto';
import type { SessionEventData, SessionEventName } from '@switchboard/schemas/sessions';
import type { SessionRecord } from './session-store.js';

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

/** Applies `action` by `userId` to the record and returns the event payload. */
export function performAction(record: SessionRecord, userId: string, action: SessionAction): SessionEventData<SessionAction> {
  const actor = { userId, timestamp: new Date().toISOString() };
  switch (action) {
    case 'partner.signed_compact':
      return actor;
    case 'partner.stage_completed': {
      const stage = record.stages.get(userId) ?? 0;
      record.stages.set(userId, stage + 1);
      return { ...actor, stage };
    }
    case 'partner.needs_shared':
      return { ...actor, needsCount: 3 };
    case 'agreement.proposed': {
      const agreementId = randomUUID();
      record.agreements.push(agreementId);
      return { ...actor, agreementId, summary: 'Check in with each other every Sunday evening.' };
    }
    case 'session.paused':
      record.paused = true;
      return { ...actor, reason: 'Taking a break' };
    case 'session.resumed':
      record.paused = false;
      return actor;
  }
}
