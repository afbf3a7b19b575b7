/**
 * `POST /api/inbound` `{ from, to, text }` — the carrier's webhook for an inbound SMS, signed with
 * a shared secret (`X-Webhook-Secret`, from `SMS_WEBHOOK_SECRET`). `scripts/send-inbound.ts` calls
 * it like a carrier would. The message goes to the owner of `to` and nobody else.
 */
import { timingSafeEqual } from 'node:crypto';
import { E164_PATTERN } from '@switchboard/schemas';
import { json, jsonError, readJson } from '@switchboard-example/kit';
import type { SmsService } from '../sms-service.js';

/** The demo's default; set SMS_WEBHOOK_SECRET on a real deployment. */
export const DEFAULT_WEBHOOK_SECRET = 'switchboard-demo-webhook-secret';

function sameSecret(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createInboundFunction(options: { sms: SmsService; secret: string }) {
  return async (request: Request): Promise<Response> => {
    if (!sameSecret(request.headers.get('x-webhook-secret'), options.secret)) {
      return jsonError(401, 'UNAUTHORIZED', 'X-Webhook-Secret is missing or wrong');
    }
    const body = await readJson(request);
    const { from, to, text } = body ?? {};
    if (typeof from !== 'string' || !E164_PATTERN.test(from) || typeof to !== 'string' || !E164_PATTERN.test(to)) {
      return jsonError(400, 'VALIDATION_FAILED', 'from and to must be E.164 numbers');
    }
    if (typeof text !== 'string') return jsonError(400, 'VALIDATION_FAILED', 'text must be a string');
    // Stored with its messages in the outbox, in one transaction: the relay announces it.
    const message = await options.sms.receive({ from, to, text: text.slice(0, 1600) });
    if (!message) return jsonError(404, 'UNKNOWN_NUMBER', `${to} belongs to no user here`);
    return json(200, { messageId: message.id });
  };
}
