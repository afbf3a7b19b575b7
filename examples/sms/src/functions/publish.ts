/**
 * `POST /api/publish` `{ to, text }` — the signed-in user sends an SMS. The function stores it,
 * publishes it to the sender's conversation and the carrier's receipts after it; a number that
 * belongs to another user here receives it as an inbound SMS, on that user's channels only. A
 * send that fails after the store is a 502 PUBLISH_FAILED.
 */

import { E164_PATTERN } from '@switchboard/schemas';
import { json, jsonError, readJson } from '@switchboard-example/kit';
import type { SmsService } from '../sms-service.js';
import { type Authenticate, requireUser } from './guard.js';

const MAX_TEXT_LENGTH = 1600;

export function createPublishFunction(options: { authenticate: Authenticate; sms: SmsService }) {
  return async (request: Request): Promise<Response> => {
    const user = await requireUser(options.authenticate, request);
    if (user instanceof Response) return user;
    const body = await readJson(request);
    const to = typeof body?.to === 'string' ? body.to.replace(/[\s()-]/g, '') : '';
    const text = typeof body?.text === 'string' ? body.text.trim() : '';
    if (!E164_PATTERN.test(to)) return jsonError(400, 'VALIDATION_FAILED', 'to: must be an E.164 number such as +14155550102');
    if (text === '' || text.length > MAX_TEXT_LENGTH)
      return jsonError(400, 'VALIDATION_FAILED', `text: 1 to ${MAX_TEXT_LENGTH} characters`);
    // Stored with its messages in the outbox (the seed published after saving, and logged a failure):
    // the relay sends them, also after a provider outage.
    const message = await options.sms.send(user.id, to, text);
    return json(202, { message });
  };
}
