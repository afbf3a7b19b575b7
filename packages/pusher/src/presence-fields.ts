/**
 * How a subscriber tells the auth endpoint what it wants on a presence channel. In Pusher every
 * subscriber of a presence channel is a member, but Switchboard separates listening from `enter()`:
 * a subscriber that has not entered gets a watcher credential, whose shared user id is left out of
 * every member list, client and server side.
 */

/** Form field: `watch` for a watcher credential; absent for a member. */
export const PRESENCE_MODE_FIELD = 'presence_mode';
/** Form field: the member's presence data as JSON (validated by the server against the channel's schema). */
export const PRESENCE_DATA_FIELD = 'presence_data';
/** The user id every watcher shares; never a member. */
export const WATCHER_USER_ID = 'switchboard:watcher';

/**
 * What a member's signed `user_info` holds: the server's profile (`AuthUser.info`) and the data the
 * member's client chose, side by side, so neither can stand in for the other.
 */
export interface PresenceUserInfo {
  /** The server-issued profile. */
  info?: Record<string, unknown>;
  /** The client-chosen presence data, validated by the auth endpoint against the channel's schema. */
  data?: unknown;
}
