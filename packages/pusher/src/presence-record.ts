/**
 * What Switchboard knows about Pusher presence members that Pusher's HTTP API does not tell:
 * `GET /channels/{name}/users` lists ids only, but the auth endpoint signed each member's
 * `user_info` (profile and presence data). Give the same record to `pusherAuthorizer` and
 * `pusherPublisher` and `publisher.members(channel)` fills `data` and `info` from it
 * (`source: 'recorded'`); without one, members are `source: 'ids-only'`.
 */
import type { PresenceUserInfo } from './presence-fields.js';

/** Remembers the `user_info` the auth endpoint signed, per Pusher channel and user. */
export interface PusherPresenceRecord {
  /** Called by the authorizer each time it signs a member. */
  remember(channel: string, userId: string, userInfo: PresenceUserInfo): void | Promise<void>;
  /** Called by the publisher for each member Pusher lists; `undefined` when unknown. */
  recall(channel: string, userId: string): PresenceUserInfo | undefined | Promise<PresenceUserInfo | undefined>;
}

/** Options of {@link memoryPresenceRecord}. */
export interface MemoryPresenceRecordOptions {
  /**
   * Entries are kept this long after they were last signed, in ms.
   * @default 86400000 (a day)
   */
  ttlMs?: number;
  /**
   * At most this many entries; the oldest go first.
   * @default 100000
   */
  maxEntries?: number;
}

/**
 * An in-process record: right when the auth endpoint and the publisher run in one process (the
 * default server setup); several processes need a shared store implementing {@link PusherPresenceRecord}.
 */
export function memoryPresenceRecord(options: MemoryPresenceRecordOptions = {}): PusherPresenceRecord {
  const ttlMs = options.ttlMs ?? 86_400_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { userInfo: PresenceUserInfo; at: number }>();
  const keyOf = (channel: string, userId: string) => JSON.stringify([channel, userId]);
  return {
    remember(channel, userId, userInfo) {
      const key = keyOf(channel, userId);
      entries.delete(key);
      entries.set(key, { userInfo, at: Date.now() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    recall(channel, userId) {
      const entry = entries.get(keyOf(channel, userId));
      if (!entry || Date.now() - entry.at > ttlMs) return undefined;
      return entry.userInfo;
    },
  };
}
