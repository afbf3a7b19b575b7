/**
 * How much history a channel keeps: declared once on the channel definition
 * (`defineChannel(template, { ..., history: { maxMessages, maxAgeMs } })`) and applied by every
 * history store, so a channel's retention does not depend on which process appended last.
 */

import { RealtimeError } from '../errors.js';

/** Retention of one channel's history. Whichever limit is reached first trims the oldest messages. */
export interface HistoryRetention {
  /**
   * Most messages kept per channel (1 to 1,000,000, `MAX_RETAINED_MESSAGES`).
   * @default 1000
   */
  maxMessages?: number;
  /**
   * Oldest message kept, in milliseconds since it was appended (at least 1).
   * @default 86_400_000 (24 hours)
   */
  maxAgeMs?: number;
}

/** Retention with every limit resolved. */
export type ResolvedRetention = Required<HistoryRetention>;

/** The retention of a channel whose definition declares none. */
export const DEFAULT_RETENTION: ResolvedRetention = Object.freeze({ maxMessages: 1000, maxAgeMs: 86_400_000 });

/** Largest `maxMessages` a channel may declare (`defineChannel` checks it with the same number). */
export const MAX_RETAINED_MESSAGES = 1_000_000;

const withinLimit = (value: unknown, max: number) =>
  value === undefined || (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= max);

const checked = new WeakSet<object>();

/**
 * Refuses a channel whose declared retention is not absent, `false`, or positive integer limits
 * (`maxMessages` up to {@link MAX_RETAINED_MESSAGES}), with `CONFIG` naming the channel. Run on the
 * server where a history store meets the channel (publish with a store, the stores themselves),
 * once per definition.
 */
export function assertRetention(definition: { readonly template: string; readonly history?: unknown }): void {
  if (checked.has(definition)) return;
  const { history } = definition;
  const limits = history as HistoryRetention | null;
  const valid =
    history === undefined ||
    history === false ||
    (typeof limits === 'object' &&
      limits !== null &&
      withinLimit(limits.maxMessages, MAX_RETAINED_MESSAGES) &&
      withinLimit(limits.maxAgeMs, Number.MAX_SAFE_INTEGER));
  if (!valid) {
    throw new RealtimeError('CONFIG', `Channel "${definition.template}": invalid history limits`, { details: { history } });
  }
  checked.add(definition);
}

/** The retention of a channel's definition over the store's defaults, checked ({@link assertRetention}). */
export function retentionOf(
  definition: { readonly template: string; readonly history?: HistoryRetention | false | undefined },
  defaults: ResolvedRetention,
): ResolvedRetention {
  assertRetention(definition);
  return resolveRetention(definition.history, defaults);
}

/** A channel's retention: its own limits over the store's defaults (`false` channels never reach a store). */
export function resolveRetention(
  declared: HistoryRetention | false | undefined,
  defaults: ResolvedRetention = DEFAULT_RETENTION,
): ResolvedRetention {
  const own = declared === false ? undefined : declared;
  return { maxMessages: own?.maxMessages ?? defaults.maxMessages, maxAgeMs: own?.maxAgeMs ?? defaults.maxAgeMs };
}

/** False for channels declared with `history: false`: never appended, never read, never caught up. */
export function keepsHistory(definition: { readonly history?: HistoryRetention | false | undefined }): boolean {
  return definition.history !== false;
}
