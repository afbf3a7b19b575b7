// backend/src/services/realtime.ts — notifyPartner, with presence on the channel the events use.
import { createNotifier, publisherFromEnv } from '@switchboard/core/server';
import { expoPushFallback } from '@switchboard/expo-push';
import { type SessionEventData, type SessionEventName, session, sessionPushMessages } from '@switchboard/schemas/sessions';
import { database } from '../your-app/database.js';

const push = expoPushFallback({
  expo: { accessToken: process.env.EXPO_ACCESS_TOKEN },
  getPushTokens: (userId) => database.pushTokensOf(userId), // every device, not one token per user
  message: (event, data) => sessionPushMessages[event as SessionEventName]?.(data as never),
  onInvalidToken: (token) => database.deletePushToken(token), // uninstalled apps stop being retried
});

export const { notify } = createNotifier({ publisher: publisherFromEnv(), fallback: push });

export async function notifyPartner<TEvent extends SessionEventName>(
  sessionId: string,
  partnerId: string,
  event: TEvent,
  data: SessionEventData<TEvent>,
  excludeUserId?: string, // who acted: none of their devices get their own event back
) {
  const result = await notify({ channel: session({ sessionId }), recipient: partnerId, excludeUserId, event, data });
  // { route: 'realtime' | 'fallback' | 'none', reason, delivered, error? } — reported, not thrown.
  if (!result.delivered) console.warn(`notifyPartner ${event}: ${result.reason}`);
  return result;
}

// Elsewhere, every 15 minutes: receipts say whether Apple or Google took the notification.
export const checkPushReceipts = () => push.checkReceipts();
