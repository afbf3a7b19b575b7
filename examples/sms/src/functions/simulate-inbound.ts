/**
 * `POST /api/simulate-inbound` `{ text? }` — the page's "Simulate inbound SMS" button: an outside
 * number texts the signed-in user. JWT-guarded, so a user can only simulate messages to themselves.
 */
import { json, jsonError, readJson } from '@switchboard-example/kit';
import { numberOf, OUTSIDE_NUMBER } from '../phone-book.js';
import type { SmsService } from '../sms-service.js';
import { type Authenticate, requireUser } from './guard.js';

const SAMPLES = ['Your parcel is out for delivery.', 'Reminder: dentist tomorrow at 9:30.', 'Your code is 482913.', 'Running 10 min late!'];

export function createSimulateInboundFunction(options: { authenticate: Authenticate; sms: SmsService }) {
  let next = 0;
  return async (request: Request): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    const to = numberOf(user.id);
    if (!to) return jsonError(404, 'UNKNOWN_NUMBER', `${user.id} has no phone number`);
    const requested = (await readJson(request))?.text;
    const text =
      typeof requested === 'string' && requested.trim() ? requested.trim().slice(0, 1600) : (SAMPLES[next++ % SAMPLES.length] as string);
    const message = await options.sms.receive({ from: OUTSIDE_NUMBER, to, text });
    return json(200, { messageId: message?.id });
  };
}
