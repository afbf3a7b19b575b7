/**
 * The one check of a user id at the auth boundary. The id becomes an Ably `clientId`, a Pusher
 * presence `user_id` and the hub's connection identity, so it must never be a wildcard (`*` is
 * "any client" to Ably), a reserved id (the Pusher watcher), empty, unbounded or carry control
 * characters that forge log lines or presence rows.
 */
import type { AuthUser } from '../channel.js';
import { RealtimeError } from '../errors.js';

/** Longest accepted user id, in UTF-16 code units. */
export const MAX_USER_ID_LENGTH = 128;
/** Ids starting with this are Switchboard's own (e.g. the Pusher watcher id `switchboard:watcher`). */
export const RESERVED_USER_ID_PREFIX = 'switchboard:';

// C0/C1 controls, DEL, line/paragraph separators, and unpaired surrogates.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `id` cannot be a user id, or `undefined` when it can. */
export function userIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'the user id must be a string';
  if (id.length === 0) return 'the user id is empty';
  if (id.length > MAX_USER_ID_LENGTH) return `the user id is longer than ${MAX_USER_ID_LENGTH} characters`;
  if (id.includes('*')) return 'the user id contains "*", a wildcard to Ably';
  if (CONTROL_CHARACTERS.test(id) || LONE_SURROGATE.test(id)) return 'the user id contains control characters';
  if (id.startsWith(RESERVED_USER_ID_PREFIX)) return `user ids starting with "${RESERVED_USER_ID_PREFIX}" are reserved`;
  return undefined;
}

/**
 * Throws INVALID_USER (→ 403) unless `user.id` is 1–{@link MAX_USER_ID_LENGTH} characters without
 * `*`, control characters or the reserved prefix. Authorizers call it before issuing a credential.
 */
export function assertAuthUser(user: AuthUser | null | undefined, provider?: string): asserts user is AuthUser {
  const problem = typeof user === 'object' && user !== null ? userIdProblem(user.id) : 'there is no user';
  if (problem === undefined) return;
  throw new RealtimeError('INVALID_USER', `No credential for this user: ${problem}`, {
    provider,
    details: { reason: problem },
  });
}
