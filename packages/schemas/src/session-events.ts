/**
 * The eleven events of a two-party session. Every payload says who acted (`userId`) and when;
 * the partner's app reacts to events whose `userId` is not its own.
 */
import * as v from 'valibot';
import { countSchema, idSchema, objectSchema, textSchema, timestampSchema } from './primitives.js';

const actor = {
  /** The participant who acted. */
  userId: idSchema,
  /** When it happened. */
  timestamp: timestampSchema,
};

/** A stage of the session flow, counted from 0 (the Curiosity Compact). */
export const stageSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, (issue) => `must not be negative, received ${issue.received}`),
);

/** `partner.signed_compact`: the partner signed the Curiosity Compact. */
export const signedCompactSchema = objectSchema({ ...actor });

/** `partner.stage_completed`: the partner finished a stage. */
export const stageCompletedSchema = objectSchema({
  ...actor,
  /** The stage completed. */
  stage: stageSchema,
});

/** `partner.advanced`: the partner moved from one stage to a later one. */
export const advancedSchema = v.pipe(
  objectSchema({
    ...actor,
    /** The stage left. */
    fromStage: stageSchema,
    /** The stage reached; later than `fromStage`. */
    toStage: stageSchema,
  }),
  v.forward(
    v.check((move) => move.toStage > move.fromStage, 'must be later than fromStage'),
    ['toStage'],
  ),
);

/** `partner.empathy_shared`: the partner shared an empathy statement. */
export const empathySharedSchema = objectSchema({
  ...actor,
  /** The shared statement. */
  statementId: idSchema,
});

/** `partner.needs_shared`: the partner shared their needs. */
export const needsSharedSchema = objectSchema({
  ...actor,
  /** How many needs were shared (at least 1). */
  needsCount: v.pipe(countSchema, v.minValue(1, 'must be at least 1')),
});

/** `partner.ranking_submitted`: the partner submitted their ranking. */
export const rankingSubmittedSchema = objectSchema({
  ...actor,
  /** The submitted ranking. */
  rankingId: idSchema,
});

/** `agreement.proposed`: a participant proposed an agreement. */
export const agreementProposedSchema = objectSchema({
  ...actor,
  /** The agreement. */
  agreementId: idSchema,
  /** The proposal in words, at most 500 characters. */
  summary: v.pipe(textSchema, v.maxLength(500, 'must be at most 500 characters')),
});

/** `agreement.confirmed`: a participant confirmed a proposed agreement. */
export const agreementConfirmedSchema = objectSchema({
  ...actor,
  /** The agreement. */
  agreementId: idSchema,
});

/** `session.paused`: a participant paused the session. */
export const sessionPausedSchema = objectSchema({
  ...actor,
  /** Why, when given; at most 500 characters. */
  reason: v.optional(v.pipe(v.string('must be a string'), v.maxLength(500, 'must be at most 500 characters'))),
});

/** `session.resumed`: a participant resumed the session. */
export const sessionResumedSchema = objectSchema({ ...actor });

/** `session.resolved`: the session ended with its agreements. */
export const sessionResolvedSchema = objectSchema({
  ...actor,
  /** The agreements the session ended with (may be empty). */
  agreementIds: v.array(idSchema, 'must be an array of ids'),
});

/** Event name → payload schema of the session channel. */
export const sessionEvents = {
  /** The partner signed the Curiosity Compact. */
  'partner.signed_compact': signedCompactSchema,
  /** The partner finished a stage. */
  'partner.stage_completed': stageCompletedSchema,
  /** The partner moved to a later stage. */
  'partner.advanced': advancedSchema,
  /** The partner shared an empathy statement. */
  'partner.empathy_shared': empathySharedSchema,
  /** The partner shared their needs. */
  'partner.needs_shared': needsSharedSchema,
  /** The partner submitted their ranking. */
  'partner.ranking_submitted': rankingSubmittedSchema,
  /** A participant proposed an agreement. */
  'agreement.proposed': agreementProposedSchema,
  /** A participant confirmed an agreement. */
  'agreement.confirmed': agreementConfirmedSchema,
  /** A participant paused the session. */
  'session.paused': sessionPausedSchema,
  /** A participant resumed the session. */
  'session.resumed': sessionResumedSchema,
  /** The session ended. */
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
