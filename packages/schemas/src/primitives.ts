/**
 * Field schemas shared by every catalog. Each one carries its own message, so a failure reads
 * `path: reason` (for example `completionPercentage: must be at most 100, received 120`).
 */
import * as v from 'valibot';

const objectMessage = (issue: v.ObjectIssue): string =>
  // A missing key is reported with the key in its path; a wrong value has none yet.
  issue.input === undefined && issue.path !== undefined ? 'is required' : `must be an object, received ${issue.received}`;

/**
 * `v.object` whose missing keys read `field: is required`. Unknown keys are dropped rather than
 * refused, so a publisher on a newer catalog with extra optional fields never breaks older subscribers.
 */
export function objectSchema<const TEntries extends v.ObjectEntries>(entries: TEntries): v.ObjectSchema<TEntries, typeof objectMessage> {
  return v.object(entries, objectMessage);
}

/** A non-empty string id (UUIDs, Clerk ids, Mongo ObjectIds, cuid...). */
export const idSchema = v.pipe(
  v.string('must be a string id'),
  v.nonEmpty('must not be empty'),
  v.maxLength(128, 'must be at most 128 characters'),
);

/** A database id that may be numeric (Strapi, SQL serials) or a string. */
export const recordIdSchema = v.union(
  [v.pipe(v.number(), v.integer('must be an integer id'), v.minValue(0, 'must not be negative')), idSchema],
  'must be an integer or string id',
);

/** Free text that must say something. */
export const textSchema = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));

function isRealCalendarDate(value: string): boolean {
  // Malformed strings are reported by the pattern; this only judges well-formed dates.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return true;
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  // Every month has days 1 to 28, so only a month's last days need the calendar (and its Date).
  if (month >= 1 && month <= 12 && day >= 1 && day <= 28) return true;
  const year = Number(value.slice(0, 4));
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/**
 * An ISO 8601 date-time with seconds and a zone, as `new Date().toISOString()` writes it
 * (`2024-01-15T10:30:00.000Z`; offsets such as `+02:00` are accepted too).
 */
export const timestampSchema = v.pipe(
  v.string('must be an ISO 8601 timestamp string'),
  v.isoTimestamp((issue) => `must be an ISO 8601 timestamp such as 2024-01-15T10:30:00.000Z, received ${issue.received}`),
  // The pattern accepts February 31st, and Date.parse rolls it over to March 2nd.
  v.check(isRealCalendarDate, 'must be a real calendar date and time'),
);

/** A whole, non-negative count. */
export const countSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, (issue) => `must not be negative, received ${issue.received}`),
);

/** A percentage from 0 to 100 inclusive (fractions allowed). */
export const percentageSchema = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, (issue) => `must be at least 0, received ${issue.received}`),
  v.maxValue(100, (issue) => `must be at most 100, received ${issue.received}`),
);

/** E.164: a plus sign, a non-zero country code digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** A phone number in E.164 form, such as `+14155550123`. */
export const phoneNumberSchema = v.pipe(
  v.string('must be a phone number string'),
  v.regex(E164_PATTERN, (issue) => `must be an E.164 phone number such as +14155550123, received ${issue.received}`),
);

/** An http(s) URL, used for avatars. */
export const urlSchema = v.pipe(
  v.string('must be a URL string'),
  v.url((issue) => `must be a URL, received ${issue.received}`),
);

/** A display name. */
export const displayNameSchema = v.pipe(textSchema, v.maxLength(200, 'must be at most 200 characters'));
