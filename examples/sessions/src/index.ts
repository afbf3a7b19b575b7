/**
 * The sessions example: two participants on `beheard:session:{sessionId}` (presence). Each page
 * shows whether the partner is there; an action by one participant goes through `notify`, which
 * publishes live when the partner is present and otherwise hands the event to the Expo push
 * fallback, here a local stand-in of Expo's push API whose received notifications the page lists.
 */
import { fileURLToPath } from 'node:url';
import { sessionAccess } from '@switchboard/schemas/access';
import { session } from '@switchboard/schemas/sessions';
import { type Database, defineExample, migrate } from '@switchboard-example/kit';
import { SESSIONS_MIGRATIONS } from './migrations.js';
import { startPushStandIn } from './push-stand-in.js';
import { createSessionNotifier } from './session-notifier.js';
import { sessionRoutes } from './session-routes.js';
import { createSessionStore } from './session-store.js';

// Module level so the access rule (needed before `start`) and the routes read the same sessions;
// the rule asks the database, which `start` opens.
const store = createSessionStore();
let database: Database | undefined;

export const sessionsExample = defineExample({
  name: 'sessions',
  title: 'Two-party sessions',
  description:
    'Two participants on a presence channel: each sees whether the partner is there. Actions reach a present partner live; an away partner gets a push notification from the fallback (a local Expo push stand-in).',
  channels: [session],
  // Only a session's two participants may subscribe and be present (default deny otherwise).
  rules: [sessionAccess(async (userId, sessionId) => (database ? store.isParticipant(database, userId, sessionId) : false))],
  client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
  async start({ publisher, database: db, authenticate, log }) {
    await migrate(db, 'sessions', SESSIONS_MIGRATIONS);
    await store.seed(db);
    database = db;
    const standIn = await startPushStandIn();
    log(`Expo push stand-in on ${standIn.url}`);
    const notifier = createSessionNotifier(publisher, standIn, log);
    return {
      routes: sessionRoutes({ store, database: db, notifier, standIn, authenticate, log }),
      close: () => standIn.close(),
    };
  },
});
