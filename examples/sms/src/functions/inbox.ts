/** `GET /api/inbox` and `POST /api/inbox/:contactId/read` — the signed-in user's own inbox. */
import { json } from '@switchboard-example/kit';
import type { InboxStore } from '../inbox-store.js';
import { numberOf, USER_NUMBERS } from '../phone-book.js';
import { type Authenticate, requireUser } from './guard.js';

export function createInboxFunction(options: { authenticate: Authenticate; store: InboxStore }) {
  return async (request: Request): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    const inbox = options.store.inboxOf(user.id);
    return json(200, {
      phoneNumber: numberOf(user.id),
      // The other demo users' numbers, to text them from the page.
      directory: Object.entries(USER_NUMBERS)
        .filter(([userId]) => userId !== user.id)
        .map(([userId, phoneNumber]) => ({ userId, phoneNumber })),
      contacts: [...inbox.contacts.values()],
      messages: Object.fromEntries(inbox.messages),
    });
  };
}

export function createMarkReadFunction(options: { authenticate: Authenticate; store: InboxStore }) {
  return async (request: Request, contactId: string): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    options.store.markRead(user.id, contactId);
    return json(200, { ok: true });
  };
}
