/**
 * What a participant's phone shows when their partner acts while they are offline. Push
 * notifications appear on lock screens, so they never quote what the partner wrote (agreement
 * summaries, pause reasons); the app shows that once opened.
 */
import type { SessionEventData, SessionEventName } from './session-events.js';

/** The visible part of a push notification. */
export interface PushMessage {
  /** The notification title. */
  title: string;
  /** The notification text. */
  body: string;
}

/** One function per session event, each typed by that event's payload. */
export type SessionPushMessages = { [E in SessionEventName]: (data: SessionEventData<E>) => PushMessage };

/** Title and body per session event, used when the partner is not present on the channel. */
export const sessionPushMessages: SessionPushMessages = {
  'partner.signed_compact': () => ({ title: 'Partner is ready', body: 'They signed the Curiosity Compact. Your turn!' }),
  'partner.stage_completed': ({ stage }) => ({
    title: 'Partner finished a stage',
    body: `They completed stage ${stage}. Check in when ready.`,
  }),
  'partner.advanced': ({ toStage }) => ({ title: 'Partner moved ahead', body: `They moved on to stage ${toStage}.` }),
  'partner.empathy_shared': () => ({ title: 'Your partner reflected on you', body: 'They shared how they understand your side.' }),
  'partner.needs_shared': ({ needsCount }) => ({
    title: 'Partner shared their needs',
    body: needsCount === 1 ? 'They named 1 need. Take a look when ready.' : `They named ${needsCount} needs. Take a look when ready.`,
  }),
  'partner.ranking_submitted': () => ({ title: 'Partner ranked the options', body: 'Their ranking is in. Add yours to compare.' }),
  'agreement.proposed': () => ({ title: 'New agreement proposed', body: 'Your partner proposed an agreement. Review it together.' }),
  'agreement.confirmed': () => ({ title: 'Agreement confirmed', body: 'Your partner confirmed the agreement.' }),
  'session.paused': () => ({ title: 'Session paused', body: 'Your partner paused the session. Take the time you need.' }),
  'session.resumed': () => ({ title: 'Session resumed', body: 'Your partner is back. Continue when ready.' }),
  'session.resolved': ({ agreementIds }) => ({
    title: 'Session resolved',
    body:
      agreementIds.length === 0
        ? 'You both marked the session resolved.'
        : `You reached ${agreementIds.length === 1 ? '1 agreement' : `${agreementIds.length} agreements`}. Well done.`,
  }),
};

/**
 * The push message for one event, typed by the event.
 *
 * @example
 * const { title, body } = sessionPushMessage('partner.stage_completed', data);
 */
export function sessionPushMessage<TEvent extends SessionEventName>(event: TEvent, data: SessionEventData<TEvent>): PushMessage {
  const build = sessionPushMessages[event] as (payload: SessionEventData<TEvent>) => PushMessage;
  return build(data);
}
