// netlify/lib/phone-numbers.ts — where the guide called publishPhoneNumberAssignment: right after a
// number is assigned, on the owner's notifications channel (typed like every other event).
import { smsNotifications } from '@switchboard/schemas/sms';
import { assignNumber } from '../your-app/sms-store.js';
import { publisher } from './netlify-publisher.js';

export async function assignPhoneNumber(userId: string) {
  const number = await assignNumber(userId);
  await publisher.publish(smsNotifications({ userId }), 'phone_number_assignment', {
    phoneNumberId: number.id,
    phoneNumber: number.phoneNumber,
    action: 'assigned',
    timestamp: new Date().toISOString(),
  });
  return number;
}
