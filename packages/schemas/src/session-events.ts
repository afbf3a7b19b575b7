/**
 * The eleven events of a two-party session. Every payload says who acted (`userId`) and when;
 * the partner's app reacts to events whose `userId` is not its own.
 */
import * as v from 'valibot';
import { countSchema, idSchema, objectSchema, textSchema, timestampSchema } from './primitives.js';

const actor = {
  /** The participant who acted. */
  userId: idSchema,
  timestamp: timestampSchema,
};

/** A stage of the session flow, counted from 0 (the Curiosity Compact). */
export const stageSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, (issue) => `must not be negative, received ${issue.received}`),
);

export const signedCompactSchema = objectSchema({ ...actor });

export const stageCompletedSchema = objectSchema({ ...actor, stage: stageSchema });

export const advancedSchema = v.pipe(
  objectSchema({ ...actor, fromStage: stageSchema, toStage: stageSchema }),
  v.forward(
    v.check((move) => move.toStage > move.fromStage, 'must be later than fromStage'),
    ['toStage'],
  ),
);

export const empathySharedSchema = objectSchema({ ...actor, statementId: idSchema });

export const needsSharedSchema = objectSchema({
  ...actor,
  needsCount: v.pipe(countSchema, v.minValue(1, 'must be at least 1')),
});

export const rankingSubmittedSchema = objectSchema({ ...actor, rankingId: idSchema });

export const agreementProposedSchema = objectSchema({
  ...actor,
  agreementId: idSchema,
  summary: v.pipe(textSchema, v.maxLength(500, 'must be at most 500 characters')),
});

export const agreementConfirmedSchema = objectSchema({ ...actor, agreementId: idSchema });

export const sessionPausedSchema = objectSchema({
  ...actor,
  reason: v.optional(v.pipe(v.string('must be a string'), v.maxLength(500, 'must be at most 500 characters'))),
});

export const sessionResumedSchema = objectSchema({ ...actor });

export const sessionResolvedSchema = objectSchema({
  ...actor,
  /** The agreements the session ended with (may be empty). */
  agreementIds: v.array(idSchema, 'must be an array of ids'),
});

/** Event name → payload schema of the session channel. */
export const sessionEvents = {
  'partner.signed_compact': signedCompactSchema,
  'partner.stage_completed': stageCompletedSchema,
  'partner.advanced': advancedSchema,
  'partner.empathy_shared': empathySharedSchema,
  'partner.needs_shared': needsSharedSchema,
  'partner.ranking_submitted': rankingSubmittedSchema,
  'agreement.proposed': agreementProposedSchema,
  'agreement.confirmed': agreementConfirmedSchema,
  'session.paused': sessionPausedSchema,
  'session.resumed': sessionResumedSchema,
  'session.resolved': sessionResolvedSchema,
};

/** The eleven session event names. */
export type SessionEventName = keyof typeof sessionEvents;

/** The payload type of one session event. */
export type SessionEventData<TEvent extends SessionEventName> = v.InferOutput<(typeof sessionEvents)[TEvent]>;

/** Every session event with its payload type. */
export type SessionEventMap = { [E in SessionEventName]: SessionEventData<E> };

/** The eleven session event names, in the order a session usually goes through them. */
export const sessionEventNames = Object.keys(sessionEvents) as SessionEventName[];
