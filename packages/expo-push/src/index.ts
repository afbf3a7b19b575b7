/**
 * @switchboard/expo-push — the push-notification fallback for `notify` from @switchboard/core, on
 * `expo-server-sdk`. When the recipient is not on the channel, notify hands the event here: it
 * becomes one Expo push notification per registered device, sent in chunks; tickets are checked at
 * once, receipts with `checkReceipts()`, and dead tokens are reported to `onInvalidToken`.
 *
 * @module @switchboard/expo-push
 */
export { expoPushFallback } from './expo-push-fallback.js';
export type {
  ExpoPushFallback,
  ExpoPushFallbackOptions,
  ExpoPushResult,
  FailedReceipt,
  InvalidTokenDetails,
  PendingReceipt,
  PushContent,
  PushTokenOutcome,
  ReceiptCheckResult,
} from './types.js';
