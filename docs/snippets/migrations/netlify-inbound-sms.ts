// netlify/functions/inbound-sms.ts — the carrier's webhook, where a message really originates.
// It publishes on the server; browsers no longer POST to a publish function.
import { smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import { storeInboundSms } from '../your-app/sms-store.js';
import { publisher } from './netlify-publisher.js';

export default async function inboundSms(request: Request): Promise<Response> {
  const sms = await storeInboundSms(request); // verifies the carrier's signature, saves, finds the owner
  const timestamp = new Date().toISOString();
  await publisher.publishMany([
    {
      channel: smsConversation({ userId: sms.userId, contactId: sms.contactId }),
      event: 'message',
      data: { ...sms, direction: 'inbound', timestamp },
    },
    {
      channel: smsNotifications({ userId: sms.userId }),
      event: 'sms_received',
      data: {
        messageId: sms.id,
        contactId: sms.contactId,
        phoneNumberId: sms.phoneNumberId,
        from: sms.from,
        preview: sms.text.slice(0, 160),
        timestamp,
      },
    },
  ]);
  return new Response(null, { status: 204 });
}

export const config = { path: '/api/sms/inbound' };
