/**
 * The sessions API, as Web-standard handlers. The interesting one is `POST
 * /sessions/:sessionId/actions`: the participant's action becomes a session event that `notify`
 * delivers to the partner, live when they are on the channel, as a push when they are not; the
 * answer says which route it took and why, and the page shows it. The session's change is
 * committed first; a notification that reached neither route is answered 502 (what was saved and
 * why), never a 200 with a log line.
 *
 * Unlike the other examples' writes, this one does not record its message in the transactional
 * outbox inside the transaction: `notify` decides *after* the commit, from presence at that moment,
 * whether the partner gets a realtime event or a push, and answers what it did — a choice a relay
 * sending later could not make, nor report to the page. The publisher still has the outbox, so a
 * realtime send is recorded (in its own statement) before it is attempted and a failed one is sent
 * again by the relay; what remains is the short gap between the commit and that record.
 */
import type { Notifier } from '@switchboard/core/server';
import type { ExpoPushResult } from '@switchboard/expo-push';
import { session } from '@switchboard/schemas/sessions';
import {
  type Database,
  DEMO_USERS,
  type ExampleContext,
  json,
  jsonError,
  type RouteHandler,
  readJson,
  signedIn,
} from '@switchboard-example/kit';
import { userOfPushToken } from './push-devices.js';
import type { PushStandIn } from './push-stand-in.js';
import { isSessionAction, performAction, SESSION_ACTIONS } from './session-actions.js';
import type { SessionRecord, SessionStore } from './session-store.js';

interface SessionRouteDependencies {
  store: SessionStore;
  database: Database;
  notifier: Notifier<ExpoPushResult>;
  standIn: PushStandIn;
  authenticate: ExampleContext['authenticate'];
  log(message: string): void;
}

const nameOf = (userId: string) => DEMO_USERS.find((user) => user.id === userId)?.name ?? userId;

export function sessionRoutes({
  store,
  database,
  notifier,
  standIn,
  authenticate,
  log,
}: SessionRouteDependencies): Record<string, RouteHandler> {
  /** The session of the URL if the signed-in user takes part in it; a 404 or 403 Response otherwise. */
  const participantSession = async (sessionId: string, userId: string): Promise<SessionRecord | Response> => {
    const record = await store.get(database, sessionId);
    if (!record) return jsonError(404, 'NOT_FOUND', `No session ${sessionId}`);
    if (!record.participants.includes(userId)) return jsonError(403, 'FORBIDDEN', `You are not a participant of session ${sessionId}`);
    return record;
  };

  /** The notifications the stand-in received for this session, newest first. */
  const pushesOf = (record: SessionRecord) => {
    const channelName = session({ sessionId: record.id }).name;
    return standIn
      .received()
      .filter((push) => push.data.channel === channelName)
      .map((push) => {
        const recipient = userOfPushToken(push.to);
        return { ...push, recipient, recipientName: recipient ? nameOf(recipient) : undefined, event: push.data.event };
      })
      .reverse();
  };

  const describe = (record: SessionRecord, userId: string) => {
    const partner = store.partnerOf(record, userId);
    return { id: record.id, partner: { id: partner, name: nameOf(partner) }, paused: record.paused, stage: record.stages.get(userId) ?? 0 };
  };

  return {
    'GET /sessions': signedIn(authenticate, async (_request, { user }) =>
      json(200, {
        sessions: (await store.sessionsOf(database, user.id)).map((record) => describe(record, user.id)),
        actions: SESSION_ACTIONS,
      }),
    ),
    'GET /sessions/:sessionId': signedIn(authenticate, async (_request, { params, user }) => {
      const record = await participantSession(params.sessionId ?? '', user.id);
      if (record instanceof Response) return record;
      return json(200, { session: describe(record, user.id), pushes: pushesOf(record) });
    }),
    'GET /sessions/:sessionId/pushes': signedIn(authenticate, async (_request, { params, user }) => {
      const record = await participantSession(params.sessionId ?? '', user.id);
      if (record instanceof Response) return record;
      return json(200, { pushes: pushesOf(record) });
    }),
    'POST /sessions/:sessionId/actions': signedIn(authenticate, async (request, { params, user }) => {
      const found = await participantSession(params.sessionId ?? '', user.id);
      if (found instanceof Response) return found;
      const event = (await readJson(request))?.event;
      if (!isSessionAction(event)) return jsonError(400, 'INVALID_EVENT', `event must be one of ${SESSION_ACTIONS.join(', ')}`);

      const recipient = store.partnerOf(found, user.id);
      // The change is committed first; notify then chooses realtime or push for the partner.
      const { record, data } = await database.transaction(async (transaction) => {
        const locked = (await store.get(transaction, found.id, true)) as SessionRecord;
        return { record: locked, data: await performAction(store, transaction, locked, user.id, event) };
      });
      // excludeUserId: none of the actor's own devices get their event back, however many are open.
      const result = await notifier.notify({ channel: session({ sessionId: record.id }), recipient, excludeUserId: user.id, event, data });
      log(`${user.id} ${event} → ${recipient}: ${result.route} (${result.reason})`);
      const failed = !result.delivered && result.error !== undefined;
      return json(failed ? 502 : 200, {
        ...(failed
          ? {
              error: { code: 'PUBLISH_FAILED', message: `Saved, but ${nameOf(recipient)} could not be notified: ${result.error?.message}` },
            }
          : {}),
        event,
        data,
        recipient: { id: recipient, name: nameOf(recipient) },
        result: {
          route: result.route,
          reason: result.reason,
          delivered: result.delivered,
          presence: result.presence,
          messageId: result.messageId,
          fallback: result.fallback,
          tokens: result.fallbackResult?.tokens,
          error: result.error?.message,
        },
        session: describe(record, user.id),
      });
    }),
  };
}
