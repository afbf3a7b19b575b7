/**
 * The sessions example: two participants on `beheard:session:{sessionId}` (presence). Each page
 * shows whether the partner is there; an action by one participant goes through `notify`, which
 * publishes live when the partner is present and otherwise hands the event to the Expo push
 * fallback, here a local stand-in of Expo's push API whose received notifications the page lists.
 */
import { fileURLToPath } from 'node:url';
import { sessionAccess } from '@switchboard/schemas/access';
import { session } from '@switchboard/schemas/sessions';
import { defineExample } from '@switchboard-example/kit';
import { startPushStandIn } from './push-stand-in.js';
import { createSessionNotifier } from './session-notifier.js';
import { sessionRoutes } from './session-routes.js';
import { createSessionStore } from './session-store.js';

// Module level so the access rule (needed before `start`) and the routes read the same sessions.
const store = createSessionStore();

export const sessionsExample = defineExample({
  name: 'sessions',
  title: 'Two-party sessions',
  description:
    'Two participants on a presence channel: each sees whether the partner is there. Actions reach a present partner live; an away partner gets a push notification from the fallback (a local Expo push stand-in).',
  channels: [session],
  // Only a session's two participants may subscribe and be present (default deny otherwise).
  rules: [sessionAccess((userId, sessionId) => store.isParticipant(userId, sessionId))],
  client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
  async start({ publisher, authenticate, log }) {
    const standIn = await startPushStandIn();
    log(`Expo push stand-in on ${standIn.url}`);
    const notifier = createSessionNotifier(publisher, standIn, log);
    return {
      routes: sessionRoutes({ store, notifier, standIn, authenticate, log }),
      close: () => standIn.close(),
    };
  },
});
