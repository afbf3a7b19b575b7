/** The channel the browser test publishes to and its page listens on. */
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';

export interface Score {
  home: number;
  away: number;
}

const scoreSchema: StandardSchemaV1<Score> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) => {
      const score = value as Partial<Score> | null;
      return typeof score?.home === 'number' && typeof score.away === 'number'
        ? { value: { home: score.home, away: score.away } }
        : { issues: [{ message: 'expected { home, away }' }] };
    },
  },
};

/** Shared by the hub (server) and the page (browser), like an app's channel catalog. */
export const scoreboard = defineChannel('scoreboard:{matchId}', { access: 'public', events: { 'score:changed': scoreSchema } });
