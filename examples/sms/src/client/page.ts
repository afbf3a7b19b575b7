/**
 * The inbox page: contacts on the left, the selected conversation on the right, notifications on
 * top. It listens only on the signed-in user's channels — their contact list, their notifications
 * and one channel per conversation — and subscribes to a new conversation as soon as the contact
 * list announces it. The notifications list opens with the recent ones from the history store;
 * after a reconnect every channel catches up from it, and a gap it could not fill reloads the inbox.
 */

import type { Subscription } from '@switchboard/core/client';
import {
  type SmsContact,
  type SmsDeliveryStatus,
  type SmsMessage,
  smsContacts,
  smsConversation,
  smsNotifications,
} from '@switchboard/schemas/sms';
import { element, exposeForTests, markReady, refetchOnGap, startExamplePage } from '@switchboard-example/kit/client';

interface InboxSnapshot {
  phoneNumber: string;
  directory: Array<{ userId: string; phoneNumber: string }>;
  contacts: SmsContact[];
  messages: Record<string, SmsMessage[]>;
  statuses: Record<string, SmsDeliveryStatus>;
}

const page = await startExamplePage();
const me = page.session.user.id;
const contacts = new Map<string, SmsContact>();
const messages = new Map<string, SmsMessage[]>();
const statuses = new Map<string, SmsDeliveryStatus>();
const conversations = new Map<string, Subscription>();
let selected: string | undefined;
/** Notifications shown from history on open. */
const RECENT_NOTIFICATIONS = 10;

const style = element(
  'style',
  {},
  `.inbox { display: grid; grid-template-columns: 240px 1fr; gap: 16px; }
   #contacts { list-style: none; padding: 0; margin: 0; }
   #contacts li { padding: 8px 10px; border-radius: 8px; cursor: pointer; display: flex; justify-content: space-between; }
   #contacts li[data-selected="true"] { background: #eef1f6; }
   .badge { background: #2f6fed; color: #fff; border-radius: 999px; padding: 0 8px; font-size: 12px; }
   #conversation { display: flex; flex-direction: column; gap: 6px; min-height: 200px; }
   .message { max-width: 75%; padding: 6px 10px; border-radius: 10px; background: #eef1f6; }
   .message[data-direction="outbound"] { align-self: flex-end; background: #2f6fed; color: #fff; }
   .message small { display: block; opacity: .75; font-size: 11px; }
   #notifications li { font-size: 13px; }`,
);

const contactList = element('ul', { id: 'contacts' });
const conversationPane = element('div', { id: 'conversation' });
const notifications = element('ol', { id: 'notifications', reversed: true });
const stats = element('span', { id: 'stats', class: 'muted' }, 'stats…');
const toInput = element('input', { id: 'to', placeholder: '+14155550102', list: 'known-numbers', size: 16 });
const textInput = element('input', { id: 'text', placeholder: 'Message', maxlength: 1600 });
const status = element('span', { id: 'send-status', class: 'muted' });

function renderContacts(): void {
  const sorted = [...contacts.values()].sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
  contactList.replaceChildren(
    ...sorted.map((contact) =>
      element(
        'li',
        { 'data-contact': contact.id, 'data-selected': String(contact.id === selected), onclick: () => select(contact.id) },
        element('span', {}, contact.name ? `${contact.name}` : contact.phoneNumber),
        contact.unreadCount ? element('span', { class: 'badge' }, contact.unreadCount) : null,
      ),
    ),
  );
}

function renderConversation(): void {
  const list = selected ? (messages.get(selected) ?? []) : [];
  conversationPane.replaceChildren(
    ...(list.length === 0
      ? [element('p', { class: 'muted' }, selected ? 'No messages yet.' : 'Pick a conversation, or send an SMS.')]
      : []),
    ...list.map((message) =>
      element(
        'div',
        { class: 'message', 'data-id': message.id, 'data-direction': message.direction, 'data-status': statuses.get(message.id) ?? '' },
        message.text,
        element(
          'small',
          {},
          `${new Date(message.timestamp).toLocaleTimeString()}${statuses.has(message.id) ? ` · ${statuses.get(message.id)}` : ''}`,
        ),
      ),
    ),
  );
}

function select(contactId: string): void {
  selected = contactId;
  const contact = contacts.get(contactId);
  if (contact) {
    toInput.value = contact.phoneNumber;
    if (contact.unreadCount) {
      contact.unreadCount = 0;
      void page.api.post(`/inbox/${contactId}/read`);
    }
  }
  renderContacts();
  renderConversation();
}

function addMessage(message: SmsMessage): void {
  const list = messages.get(message.contactId) ?? [];
  if (list.some((existing) => existing.id === message.id)) return;
  messages.set(message.contactId, [...list, message]);
  scheduleStatsRefresh();
  selected ??= message.contactId;
  if (message.contactId === selected) renderConversation();
}

async function loadInbox(): Promise<InboxSnapshot> {
  const snapshot = await page.api.get<InboxSnapshot>('/inbox');
  for (const contact of snapshot.contacts) if (!contacts.has(contact.id)) contacts.set(contact.id, contact);
  for (const [messageId, delivery] of Object.entries(snapshot.statuses)) statuses.set(messageId, delivery);
  for (const list of Object.values(snapshot.messages)) for (const message of list) addMessage(message);
  renderContacts();
  renderConversation();
  return snapshot;
}

function follow(contactId: string): Subscription {
  const existing = conversations.get(contactId);
  if (existing) return existing;
  const subscription = page.realtime.subscribe(
    smsConversation({ userId: me, contactId }),
    {
      message: (message) => addMessage(message),
      message_status: ({ messageId, status: delivery }) => {
        statuses.set(messageId, delivery);
        if (contactId === selected) renderConversation();
      },
    },
    { onGap: refetchOnGap(loadInbox) },
  );
  conversations.set(contactId, subscription);
  return subscription;
}

let statsTimer: ReturnType<typeof setTimeout> | undefined;
/** New messages change the counts; one stats call per burst is enough. */
function scheduleStatsRefresh(): void {
  if (statsTimer) return;
  statsTimer = setTimeout(() => {
    statsTimer = undefined;
    void refreshStats();
  }, 500);
}

async function refreshStats(): Promise<void> {
  const answer = await page.api
    .get<{ status: string; server: { provider: string; connectionState: string; uptime: number }; responseTime: string; messages: number }>(
      '/stats',
    )
    .catch((error: Error) => ({
      status: `unavailable (${error.message})`,
      server: { provider: '?', connectionState: 'unknown', uptime: 0 },
      responseTime: '?',
      messages: 0,
    }));
  stats.textContent = `${answer.server.provider}: ${answer.status} (${answer.server.connectionState}, up ${answer.server.uptime} s, answered in ${answer.responseTime}) · ${answer.messages} messages on this server`;
  stats.dataset.health = answer.status;
}

const sendForm = element(
  'form',
  { class: 'row' },
  toInput,
  textInput,
  element('button', { class: 'primary', id: 'send', type: 'submit' }, 'Send SMS'),
  status,
);
sendForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const to = toInput.value.trim();
  const text = textInput.value.trim();
  if (!to || !text) return;
  textInput.value = '';
  page.api.post('/publish', { to, text }).then(
    () => {
      status.textContent = '';
    },
    (error: Error) => {
      status.textContent = error.message;
    },
  );
});

const snapshot = await loadInbox();
page.root.append(
  style,
  element(
    'section',
    { class: 'card row' },
    element('span', {}, 'Your number: ', element('strong', { id: 'my-number' }, snapshot.phoneNumber)),
    element('button', { id: 'simulate', onclick: () => void page.api.post('/simulate-inbound') }, 'Simulate inbound SMS'),
    element('button', { onclick: () => void refreshStats() }, 'Refresh stats'),
    stats,
  ),
  element(
    'datalist',
    { id: 'known-numbers' },
    ...snapshot.directory.map((entry) =>
      element('option', { value: entry.phoneNumber }, page.config.users.find((user) => user.id === entry.userId)?.name ?? entry.userId),
    ),
  ),
  element('section', { class: 'card' }, element('strong', {}, 'Notifications'), notifications),
  element(
    'section',
    { class: 'card inbox' },
    element('div', {}, element('strong', {}, 'Conversations'), contactList),
    element('div', {}, conversationPane),
  ),
  element('section', { class: 'card' }, sendForm),
);
renderConversation();
void refreshStats();

const contactsSubscription = page.realtime.subscribe(
  smsContacts({ userId: me }),
  {
    update: (update) => {
      if (update.action === 'delete') {
        contacts.delete(update.contact.id);
      } else {
        const known = contacts.has(update.contact.id);
        contacts.set(update.contact.id, update.contact);
        if (!known) {
          // The first message of a new contact may have gone out before this subscription existed.
          // Loaded even when the subscription is refused, so at least what was stored shows.
          void follow(update.contact.id)
            .ready.catch((error: Error) => console.warn(`[sms] conversation ${update.contact.id}: ${error.message}`))
            .then(() => loadInbox());
        }
      }
      renderContacts();
    },
  },
  { onGap: refetchOnGap(loadInbox) },
);
// Work-around: @switchboard/ably can miss a channel in the first token when several subscribe
// before the connection opened, so the first subscription goes alone (harmless elsewhere).
await contactsSubscription.ready.catch(() => {});
const subscriptions = [
  contactsSubscription,
  page.realtime.subscribe(
    smsNotifications({ userId: me }),
    {
      sms_received: (notice, meta) => {
        notifications.prepend(
          element(
            'li',
            { 'data-message': notice.messageId, 'data-recovered': String(meta.recovered) },
            `${new Date(notice.timestamp).toLocaleTimeString()} ${notice.from}: ${notice.preview}${meta.recovered ? ' (from history)' : ''}`,
          ),
        );
      },
      phone_number_assignment: (assignment, meta) => {
        notifications.prepend(
          element(
            'li',
            { 'data-assignment': assignment.action, 'data-recovered': String(meta.recovered) },
            `${new Date(assignment.timestamp).toLocaleTimeString()} ${assignment.phoneNumber} ${assignment.action} to you${meta.recovered ? ' (from history)' : ''}`,
          ),
        );
      },
    },
    // Notifications are not in the inbox API, so a gap the store could not fill reloads the inbox only.
    { rewind: RECENT_NOTIFICATIONS, onGap: refetchOnGap(loadInbox) },
  ),
  ...[...contacts.keys()].map((contactId) => follow(contactId)),
];
exposeForTests({ smsConversation, smsContacts, smsNotifications });
await markReady(subscriptions);
