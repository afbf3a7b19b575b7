/**
 * The demo session in the browser: a token per tab (sessionStorage), so two tabs can be two users.
 * `?user=<id>` signs in directly, which is what the tests and screenshots use.
 */
import type { PageConfig } from '../html.js';
import { element } from './dom.js';

export interface DemoSession {
  token: string;
  user: { id: string; name: string };
}

const STORAGE_KEY = 'switchboard-demo-session';

async function signIn(userId: string): Promise<DemoSession> {
  const response = await fetch('/api/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  const body = (await response.json()) as DemoSession & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `sign-in answered ${response.status}`);
  const session = { token: body.token, user: body.user };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

/** The session from `?user=` or from this tab's storage; `undefined` when nobody is signed in. */
export async function loadSession(config: PageConfig): Promise<DemoSession | undefined> {
  const requested = new URLSearchParams(location.search).get('user');
  if (requested) return signIn(requested);
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as DemoSession;
  // A restarted server has a new signing secret: sign in again as the same person.
  return config.users.some((user) => user.id === session.user.id) ? signIn(session.user.id) : undefined;
}

/** Shows "Sign in as …" buttons and resolves once one was clicked. */
export function renderUserPicker(config: PageConfig, root: HTMLElement): Promise<DemoSession> {
  return new Promise((resolve) => {
    const buttons = config.users.map((user) =>
      element('button', { class: 'primary', 'data-user': user.id, onclick: () => void signIn(user.id).then(resolve) }, user.name),
    );
    root.replaceChildren(
      element(
        'section',
        { class: 'card' },
        element('h2', {}, 'Who are you?'),
        element('p', { class: 'muted' }, 'Pick a demo user. Open a second window (or tab) as someone else to see what each one receives.'),
        element('div', { class: 'users' }, ...buttons),
      ),
    );
  });
}

/** "Ada Lovelace · Switch user" in the header. */
export function renderUserBadge(session: DemoSession): void {
  const slot = document.getElementById('kit-user');
  if (!slot) return;
  const switchUser = () => {
    sessionStorage.removeItem(STORAGE_KEY);
    location.href = location.pathname;
  };
  slot.replaceChildren(
    element('span', { id: 'kit-user-name', 'data-user': session.user.id }, session.user.name),
    ' · ',
    element('button', { onclick: switchUser }, 'Switch user'),
  );
}
