/**
 * The sessions "database" (PostgreSQL, schema `sessions`): two-party sessions between the demo
 * users, and how far each participant got. The access rule asks it who may join a session's
 * channel; the actions read and advance it, inside a transaction, to build each event's payload.
 */
import { DEMO_USERS, type Queryable } from '@switchboard-example/kit';

export interface SessionRecord {
  id: string;
  participants: readonly [string, string];
  /** The stage each participant is working on, counted from 0 (the Curiosity Compact). */
  stages: Map<string, number>;
  paused: boolean;
}

export interface SessionStore {
  /** Creates the demo's sessions if they are missing: one per pair of demo users (`ada-grace`, `ada-alan`, `grace-alan`). */
  seed(on: Queryable): Promise<void>;
  /** The session, locked for update when `on` is a transaction that will change it. */
  get(on: Queryable, sessionId: string, forUpdate?: boolean): Promise<SessionRecord | undefined>;
  /** The sessions `userId` takes part in, in a stable order. */
  sessionsOf(on: Queryable, userId: string): Promise<SessionRecord[]>;
  isParticipant(on: Queryable, userId: string, sessionId: string): Promise<boolean>;
  /** The other participant of a session. */
  partnerOf(record: SessionRecord, userId: string): string;
  setStage(on: Queryable, sessionId: string, userId: string, stage: number): Promise<void>;
  setPaused(on: Queryable, sessionId: string, paused: boolean): Promise<void>;
  addAgreement(on: Queryable, sessionId: string, agreementId: string, proposedBy: string, summary: string): Promise<void>;
}

interface SessionRow {
  id: string;
  first_participant: string;
  second_participant: string;
  paused: boolean;
}

export function createSessionStore(): SessionStore {
  const load = async (on: Queryable, rows: SessionRow[]): Promise<SessionRecord[]> => {
    if (rows.length === 0) return [];
    const stages = await on.query<{ session_id: string; user_id: string; stage: number }>(
      'select session_id, user_id, stage from sessions.stages where session_id = any($1)',
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      participants: [row.first_participant, row.second_participant] as const,
      paused: row.paused,
      stages: new Map(stages.filter((stage) => stage.session_id === row.id).map((stage) => [stage.user_id, stage.stage])),
    }));
  };
  return {
    async seed(on) {
      for (const [index, first] of DEMO_USERS.entries()) {
        for (const second of DEMO_USERS.slice(index + 1)) {
          const id = `${first.id}-${second.id}`;
          await on.query(
            'insert into sessions.sessions (id, first_participant, second_participant) values ($1, $2, $3) on conflict (id) do nothing',
            [id, first.id, second.id],
          );
          for (const userId of [first.id, second.id]) {
            await on.query('insert into sessions.stages (session_id, user_id) values ($1, $2) on conflict do nothing', [id, userId]);
          }
        }
      }
    },
    async get(on, sessionId, forUpdate = false) {
      const rows = await on.query<SessionRow>(
        `select id, first_participant, second_participant, paused from sessions.sessions where id = $1${forUpdate ? ' for update' : ''}`,
        [sessionId],
      );
      return (await load(on, rows))[0];
    },
    async sessionsOf(on, userId) {
      const rows = await on.query<SessionRow>(
        'select id, first_participant, second_participant, paused from sessions.sessions where $1 in (first_participant, second_participant) order by position',
        [userId],
      );
      return load(on, rows);
    },
    async isParticipant(on, userId, sessionId) {
      const rows = await on.query('select 1 from sessions.sessions where id = $1 and $2 in (first_participant, second_participant)', [
        sessionId,
        userId,
      ]);
      return rows.length > 0;
    },
    partnerOf: (record, userId) => (record.participants[0] === userId ? record.participants[1] : record.participants[0]),
    async setStage(on, sessionId, userId, stage) {
      await on.query('update sessions.stages set stage = $3 where session_id = $1 and user_id = $2', [sessionId, userId, stage]);
    },
    async setPaused(on, sessionId, paused) {
      await on.query('update sessions.sessions set paused = $2 where id = $1', [sessionId, paused]);
    },
    async addAgreement(on, sessionId, agreementId, proposedBy, summary) {
      await on.query('insert into sessions.agreements (id, session_id, proposed_by, summary) values ($1, $2, $3, $4)', [
        agreementId,
        sessionId,
        proposedBy,
        summary,
      ]);
    },
  };
}
