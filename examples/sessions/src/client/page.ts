/**
 * A participant's page: the session, whether the partner is here (presence), the actions, what
 * `notify` did with the last ones (route and reason), the partner's live events, and the push
 * notifications the local Expo stand-in received for this session. On open the partner's recent
 * events come from the history store; after a reconnect the subscriber catches up from it, and a
 * gap it could not fill makes the page reload the push list.
 */
import type { EventHandlers } from '@switchboard/core/client';
import { type ParticipantPresence, type SessionEventName, session, sessionEventNames } from '@switchboard/schemas/sessions';
import { element, exposeForTests, markReady, refetchOnGap, startExamplePage } from '@switchboard-example/kit/client';
import { ACTION_LABELS, describeEvent } from './labels.js';
import { renderPushes, type SessionPush } from './pushes.js';
import { STYLES } from './styles.js';

interface SessionSummary {
  id: string;
  partner: { id: string; name: string };
  paused: boolean;
  stage: number;
}

interface ActionAnswer {
  event: SessionEventName;
  recipient: { id: string; name: string };
  result: { route: string; reason: string; delivered: boolean; presence: string; fallback?: string; error?: string };
  session: SessionSummary;
}

const page = await startExamplePage();
const me = page.session.user;
const { sessions, actions } = await page.api.get<{ sessions: SessionSummary[]; actions: SessionEventName[] }>('/sessions');
const requested = new URLSearchParams(location.search).get('session');
const current = sessions.find((candidate) => candidate.id === requested) ?? sessions[0];
if (!current) throw new Error(`${me.name} takes part in no session`);
const partner = current.partner;
const channel = session({ sessionId: current.id });
const sessionPath = `/sessions/${encodeURIComponent(current.id)}`;

const partnerStatus = element('span', { id: 'partner-status', class: 'status', 'data-partner': 'unknown' }, 'Checking…');
const notifyLog = element('ol', { id: 'notify-log', reversed: true });
const activity = element('ol', { id: 'activity', reversed: true });
const activityEmpty = element('p', { class: 'muted' }, `Nothing yet. What ${partner.name} does while you are here shows up at once.`);
const pushList = element('ol', { id: 'pushes', reversed: true });
const actionButtons = actions.map((event) =>
  element('button', { 'data-event': event, onclick: () => void act(event) }, ACTION_LABELS[event] ?? event),
);

const sessionLinks = sessions.map((candidate) =>
  candidate.id === current.id
    ? element('strong', {}, `with ${candidate.partner.name}`)
    : element('a', { href: `?session=${encodeURIComponent(candidate.id)}` }, `with ${candidate.partner.name}`),
);

document.head.append(element('style', {}, STYLES));
page.root.append(
  element(
    'section',
    { class: 'card' },
    element('div', { class: 'row' }, element('h2', {}, `Session with ${partner.name}`), partnerStatus),
    element('p', { class: 'muted' }, `Channel ${channel.name} (presence). Your sessions: `, ...sessionLinks.flatMap((link) => [link, ' '])),
  ),
  element(
    'section',
    { class: 'card' },
    element('strong', {}, 'Your actions'),
    element('p', { class: 'muted' }, `Each one calls notify() on the server for ${partner.name}.`),
    element('div', { class: 'row' }, ...actionButtons),
    element('p', { id: 'notify-result', class: 'result', 'data-route': '' }, 'No action yet.'),
    notifyLog,
  ),
  element(
    'div',
    { class: 'columns' },
    element('section', { class: 'card' }, element('strong', {}, `Live from ${partner.name}`), activityEmpty, activity),
    element(
      'section',
      { class: 'card' },
      element('strong', {}, 'Push notifications'),
      element('p', { class: 'muted' }, 'Received by the local Expo push service stand-in for this session.'),
      pushList,
    ),
  ),
);

function showPartner(present: boolean): void {
  partnerStatus.dataset.partner = present ? 'present' : 'away';
  partnerStatus.textContent = present ? `${partner.name} is here` : `${partner.name} is away — your actions become push notifications`;
}

async function refreshPushes(): Promise<void> {
  const { pushes } = await page.api.get<{ pushes: SessionPush[] }>(`${sessionPath}/pushes`);
  renderPushes(pushList, pushes, me.id);
}

async function act(event: SessionEventName): Promise<void> {
  const result = document.getElementById('notify-result') as HTMLElement;
  for (const button of actionButtons) button.disabled = true;
  try {
    const answer = await page.api.post<ActionAnswer>(`${sessionPath}/actions`, { event });
    const { route, reason, delivered, presence } = answer.result;
    result.dataset.route = route;
    result.dataset.reason = reason;
    result.dataset.event = event;
    result.replaceChildren(
      element('code', {}, `notify(${event})`),
      ' → ',
      element('strong', { class: `route-${route}` }, route),
      ` · ${reason} · presence ${presence} · ${delivered ? 'delivered' : 'not delivered'}`,
    );
    notifyLog.prepend(
      element(
        'li',
        { 'data-event': event, 'data-route': route },
        `${new Date().toLocaleTimeString()} ${describeEvent(event)} → ${route} (${reason})`,
      ),
    );
    await refreshPushes();
  } catch (error) {
    result.dataset.route = 'error';
    result.textContent = `Failed: ${(error as Error).message}`;
  } finally {
    for (const button of actionButtons) button.disabled = false;
  }
}

function onSessionEvent(data: { userId: string; timestamp?: string }, meta: { event: string; recovered: boolean }): void {
  // notify leaves the actor's devices out (excludeUserId), but history replayed on open holds both
  // participants' events: the page lists the partner's.
  if (data.userId === me.id) return;
  activityEmpty.remove();
  activity.prepend(
    element(
      'li',
      { 'data-event': meta.event, 'data-from': data.userId, 'data-recovered': String(meta.recovered) },
      `${new Date(data.timestamp ?? Date.now()).toLocaleTimeString()} ${partner.name}: ${describeEvent(meta.event)}${meta.recovered ? ' (from history)' : ''}`,
    ),
  );
}
/** The partner's recent events replayed from history on open. */
const RECENT_EVENTS = 20;
const handlers = Object.fromEntries(sessionEventNames.map((event) => [event, onSessionEvent])) as EventHandlers<typeof channel>;
const subscription = page.realtime.subscribe(channel, handlers, { rewind: RECENT_EVENTS, onGap: refetchOnGap(refreshPushes) });
const presence = page.realtime.presence(channel);
presence.onChange((change) => showPartner(change.members.some((member) => member.userId === partner.id)));
exposeForTests({ session });

try {
  await presence.enter({ name: me.name } satisfies ParticipantPresence);
  showPartner((await presence.members()).some((member) => member.userId === partner.id));
} catch (error) {
  partnerStatus.textContent = `Presence unavailable: ${(error as Error).message}`;
}
await refreshPushes();
await markReady([subscription]);
