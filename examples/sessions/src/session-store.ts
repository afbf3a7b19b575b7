/**
 * The sessions "database": two-party sessions between the demo users, and how far each
 * participant got. The access rule asks it who may join a session's channel; the actions read and
 * advance it to build each event's payload.
 */
import { DEMO_USERS } from '@switchboard-example/kit';

export interface SessionRecord {
  id: string;
  participants: readonly [string, string];
  /** The stage each participant is working on, counted from 0 (the Curiosity Compact). */
  stages: Map<string, number>;
  paused: boolean;
  agreements: string[];
}

export interface SessionStore {
  get(sessionId: string): SessionRecord | undefined;
  /** The sessions `userId` takes part in, in a stable order. */
  sessionsOf(userId: string): SessionRecord[];
  isParticipant(userId: string, sessionId: string): boolean;
  /** The other participant of a session. */
  partnerOf(record: SessionRecord, userId: string): string;
}

/** One session per pair of demo users: `ada-grace`, `ada-alan`, `grace-alan`. */
export function createSessionStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  DEMO_USERS.forEach((first, index) => {
    for (const second of DEMO_USERS.slice(index + 1)) {
      const id = `${first.id}-${second.id}`;
      sessions.set(id, {
        id,
        participants: [first.id, second.id],
        stages: new Map([
          [first.id, 0],
          [second.id, 0],
        ]),
        paused: false,
        agreements: [],
      });
    }
  });
  return {
    get: (sessionId) => sessions.get(sessionId),
    sessionsOf: (userId) => [...sessions.values()].filter((record) => record.participants.includes(userId)),
    isParticipant: (userId, sessionId) => sessions.get(sessionId)?.participants.includes(userId) ?? false,
    partnerOf: (record, userId) => (record.participants[0] === userId ? record.participants[1] : record.participants[0]),
  };
}
