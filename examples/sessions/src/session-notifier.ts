/**
 * `notify` for the sessions: in realtime when the partner is on the session channel, otherwise
 * a push notification through @switchboard/expo-push, whose texts come from the sessions catalog.
 * Pushes go to the example's local stand-in of Expo's API; `EXPO_BASE_URL` has to point there
 * before the SDK is imported, which the fallback does on its first delivery.
 */
import { createNotifier, type Notifier, type RealtimePublisher } from '@switchboard/core/server';
import { type ExpoPushResult, expoPushFallback } from '@switchboard/expo-push';
import { type SessionEventName, sessionPushMessages } from '@switchboard/schemas/sessions';
import { pushTokenOf } from './push-devices.js';
import type { PushStandIn } from './push-stand-in.js';

export function createSessionNotifier(
  publisher: RealtimePublisher,
  standIn: PushStandIn,
  log: (message: string) => void,
): Notifier<ExpoPushResult> {
  process.env.EXPO_BASE_URL = standIn.url;
  const fallback = expoPushFallback({
    getPushTokens: (userId) => [pushTokenOf(userId)],
    message: (event, data, notification) => {
      const build = sessionPushMessages[event as SessionEventName] as ((payload: unknown) => { title: string; body: string }) | undefined;
      if (!build) return undefined;
      // Where the app opens when the notification is tapped.
      return { ...build(data), sound: 'default', data: { channel: notification.channel.name, event } };
    },
    onInvalidToken: (token, { reason }) => log(`push token ${token} is invalid (${reason}); a real app deletes it here`),
  });
  return createNotifier({ publisher, fallback });
}
