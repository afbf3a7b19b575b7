// A route handler: typed payloads, checked against the catalog before anything is sent.
import { notifyPartner } from './notify-partner.js';

export async function completeStage(sessionId: string, userId: string, partnerId: string, stage: number) {
  const data = { userId, stage, timestamp: new Date().toISOString() };
  await notifyPartner(sessionId, partnerId, 'partner.stage_completed', data, userId); // not to the user's own devices
}
