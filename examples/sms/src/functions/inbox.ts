/** `GET /api/inbox` and `POST /api/inbox/:contactId/read` — the signed-in user's own inbox. */
import { type Database, json, jsonError } from '@switchboard-example/kit';
import type { InboxStore } from '../inbox-store.js';
import { USER_NUMBERS } from '../phone-book.js';
import type { SmsService } from '../sms-service.js';
import { type Authenticate, requireUser } from './guard.js';

export function createInboxFunction(options: { authenticate: Authenticate; database: Database; store: InboxStore; sms: SmsService }) {
  return async (request: Request): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    // A user's number is assigned (and announced) the first time they open their inbox.
    const number = await options.sms.assignedNumber(user.id);
    if (!number) return jsonError(404, 'UNKNOWN_NUMBER', `${user.id} has no phone number`);
    const inbox = await options.store.inboxOf(options.database, user.id);
    return json(200, {
      phoneNumber: number.phoneNumber,
      // The other demo users' numbers, to text them from the page.
      directory: Object.entries(USER_NUMBERS)
        .filter(([userId]) => userId !== user.id)
        .map(([userId, phoneNumber]) => ({ userId, phoneNumber })),
      ...inbox,
    });
  };
}

export function createMarkReadFunction(options: { authenticate: Authenticate; database: Database; store: InboxStore }) {
  return async (request: Request, contactId: string): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    await options.store.markRead(options.database, user.id, contactId);
    return json(200, { ok: true });
  };
}
