/**
 * The sessions API, as Web-standard handlers. The interesting one is `POST
 * /sessions/:sessionId/actions`: the participant's action becomes a session event that `notify`
 * delivers to the partner, live when they are on the channel, as a push when they are not; the
 * answer says which route it took and why, and the page shows it.
 */
import type { Notifier } from '@switchboard/core/server';
import type { ExpoPushResult } from '@switchboard/expo-push';
import { session } from '@switchboard/schemas/sessions';
import { DEMO_USERS, type ExampleContext, json, jsonError, type RouteHandler, readJson, signedIn } from '@switchboard-example/kit';
import { userOfPushToken } from './push-devices.js';
import type { PushStandIn } from './push-stand-in.js';
import { isSessionAction, performAction, SESSION_ACTIONS } from './session-actions.js';
import type { SessionRecord, SessionStore } from './session-store.js';

interface SessionRouteDependencies {
  store: SessionStore;
  notifier: Notifier<ExpoPushResult>;
  standIn: PushStandIn;
  authenticate: ExampleContext['authenticate'];
  log(message: string): void;
}

const nameOf = (userId: string) => DEMO_USERS.find((user) => user.id === userId)?.name ?? userId;

export function sessionRoutes({ store, notifier, standIn, authenticate, log }: SessionRouteDependencies): Record<string, RouteHandler> {
  /** The session of the URL if the signed-in user takes part in it; a 404 or 403 Response otherwise. */
  const participantSession = (sessionId: string, userId: string): SessionRecord | Response => {
    const record = store.get(sessionId);
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
    'GET /sessions': signedIn(authenticate, (_request, { user }) =>
      json(200, { sessions: store.sessionsOf(user.id).map((record) => describe(record, user.id)), actions: SESSION_ACTIONS }),
    ),
    'GET /sessions/:sessionId': signedIn(authenticate, (_request, { params, user }) => {
      const record = participantSession(params.sessionId ?? '', user.id);
      if (record instanceof Response) return record;
      return json(200, { session: describe(record, user.id), pushes: pushesOf(record) });
    }),
    'GET /sessions/:sessionId/pushes': signedIn(authenticate, (_request, { params, user }) => {
      const record = participantSession(params.sessionId ?? '', user.id);
      if (record instanceof Response) return record;
      return json(200, { pushes: pushesOf(record) });
    }),
    'POST /sessions/:sessionId/actions': signedIn(authenticate, async (request, { params, user }) => {
      const record = participantSession(params.sessionId ?? '', user.id);
      if (record instanceof Response) return record;
      const event = (await readJson(request))?.event;
      if (!isSessionAction(event)) return jsonError(400, 'INVALID_EVENT', `event must be one of ${SESSION_ACTIONS.join(', ')}`);

      const recipient = store.partnerOf(record, user.id);
      const data = performAction(record, user.id, event);
      const result = await notifier.notify({ channel: session({ sessionId: record.id }), recipient, event, data });
      log(`${user.id} ${event} → ${recipient}: ${result.route} (${result.reason})`);
      return json(200, {
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
