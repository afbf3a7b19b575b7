// The Expo push fallback with the sessions catalog's texts.
import { expoPushFallback } from '@switchboard/expo-push';
import { type SessionEventName, sessionPushMessages } from '@switchboard/schemas/sessions';
import { database } from '../your-app/database.js';

export const fallback = expoPushFallback({
  getPushTokens: (userId) => database.pushTokensOf(userId),
  message: (event, data) => sessionPushMessages[event as SessionEventName]?.(data as never),
  onInvalidToken: (token) => database.deletePushToken(token),
});
