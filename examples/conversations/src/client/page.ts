/**
 * The chat page. Sending a message is a plain POST; everything after it — the statuses, the
 * assistant's reply, the completion — arrives on the conversation's private channel, published by
 * the backend and by its worker process, in every window of the owner. On open the page replays
 * the conversation's recent events from the history store; after a reconnect the subscriber
 * catches up from it, and what it cannot vouch for (the worker's messages when the store is in the
 * server's memory) makes the page refetch the conversation.
 */

import { type ConversationStatus, conversation } from '@switchboard/schemas/conversations';
import { element, exposeForTests, markReady, onReconnected, refetchOnGap, startExamplePage } from '@switchboard-example/kit/client';

interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
}

/** Statuses, replies and completions replayed from history on open. */
const RECENT_EVENTS = 20;
const page = await startExamplePage();
const current = await page.api.get<{ id: string; messages: ChatMessage[] }>('/conversation');

const style = element(
  'style',
  {},
  `.messages { display: flex; flex-direction: column; gap: 8px; min-height: 160px; }
   .message { max-width: 75%; padding: 8px 12px; border-radius: 12px; background: #eef1f6; }
   .message[data-role="user"] { align-self: flex-end; background: #2f6fed; color: #fff; }
   .steps { display: flex; gap: 8px; }
   .step { font-size: 13px; padding: 2px 10px; border-radius: 999px; border: 1px solid #dfe3ea; color: #5b6475; }
   .step[data-state="active"] { border-color: #2f6fed; color: #2f6fed; }
   .step[data-state="done"] { border-color: #a8dab5; color: #137333; }
   #status-log li { font-family: ui-monospace, monospace; font-size: 13px; }
   form { display: flex; gap: 8px; } form input { flex: 1; }`,
);

const messages = element('div', { class: 'messages', id: 'messages' });
const seen = new Set<string>();
function showMessage(message: ChatMessage): void {
  if (seen.has(message.id)) return;
  seen.add(message.id);
  messages.append(element('div', { class: 'message', 'data-role': message.role, 'data-id': message.id }, message.content));
}
for (const message of current.messages) showMessage(message);

const STEPS: ConversationStatus[] = ['searching', 'processing', 'complete'];
const steps = new Map(STEPS.map((step) => [step, element('span', { class: 'step', 'data-step': step, 'data-state': 'idle' }, step)]));
const statusLog = element('ol', { id: 'status-log' });
const detail = element('span', { class: 'muted', id: 'status-detail' });
const completion = element('p', { id: 'complete', class: 'muted' });

function showStatus(status: ConversationStatus, text: string | undefined, recovered = false): void {
  const index = STEPS.indexOf(status);
  STEPS.forEach((step, position) => {
    const chip = steps.get(step);
    if (chip) chip.dataset.state = position < index || status === 'complete' ? 'done' : position === index ? 'active' : 'idle';
  });
  detail.textContent = text ?? '';
  statusLog.append(
    element(
      'li',
      { 'data-status': status, 'data-recovered': String(recovered) },
      `${new Date().toLocaleTimeString()} ${status}${text ? ` — ${text}` : ''}${recovered ? ' (from history)' : ''}`,
    ),
  );
}

const input = element('input', { id: 'message-input', placeholder: 'Ask for opportunities: gardening, code, running…', maxlength: 500 });
const send = element('button', { class: 'primary', type: 'submit', id: 'send' }, 'Send');
const form = element('form', {}, input, send);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  completion.textContent = '';
  void page.api.post<{ message: ChatMessage }>('/conversation/messages', { text }).then(({ message }) => showMessage(message));
});

page.root.append(
  style,
  element(
    'p',
    { class: 'muted' },
    `Conversation ${current.id} (channel conversation:${current.id}); only ${page.session.user.name} may listen.`,
  ),
  element('section', { class: 'card' }, messages),
  element(
    'section',
    { class: 'card' },
    element('div', { class: 'row' }, element('div', { class: 'steps' }, ...steps.values()), detail),
    completion,
  ),
  element('section', { class: 'card' }, form),
  element('section', { class: 'card' }, element('strong', {}, 'Status events'), statusLog),
);

/** The conversation from the API, after a gap the history store could not fill. */
async function reload(): Promise<void> {
  const fresh = await page.api.get<{ id: string; messages: ChatMessage[] }>('/conversation');
  for (const message of fresh.messages) showMessage(message);
}

const subscription = page.realtime.subscribe(
  conversation({ conversationId: current.id }),
  {
    status: (update, meta) => showStatus(update.status, update.detail, meta.recovered),
    message: (message) => showMessage(message),
    complete: ({ goalId, opportunitiesCount }) => {
      completion.textContent = `Done: goal ${goalId} with ${opportunitiesCount} ${opportunitiesCount === 1 ? 'opportunity' : 'opportunities'}.`;
    },
  },
  { rewind: RECENT_EVENTS, onGap: refetchOnGap(reload) },
);
// The worker's messages are numbered only when it shares the server's store (Redis); without it a
// catch-up cannot see what the worker sent meanwhile, so a reconnect also refetches the messages.
onReconnected(page.realtime, () => void reload());
exposeForTests({ conversation, conversationId: current.id });
await markReady([subscription]);
