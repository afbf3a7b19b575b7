/**
 * The Expo push fallback for `notify`: one notification per device token, sent in the chunks the
 * SDK recommends; tickets are checked at once and receipts on request.
 */
import { type FallbackNotification, RealtimeError } from '@switchboard/core';
import type { Expo, ExpoPushMessage, ExpoPushTicket } from 'expo-server-sdk';
import { type ExpoClass, isExpoClient, loadExpoClass, PROVIDER, pushServiceError } from './expo-client.js';
import { checkReceipts, ReceiptBook } from './receipts.js';
import type { ExpoPushFallback, ExpoPushFallbackOptions, ExpoPushResult, InvalidTokenDetails, PushTokenOutcome } from './types.js';

function requireFunction(options: ExpoPushFallbackOptions, key: 'getPushTokens' | 'message' | 'onInvalidToken'): void {
  if (typeof options?.[key] !== 'function') {
    throw new RealtimeError('CONFIG', `expoPushFallback needs a ${key} function`, { provider: PROVIDER });
  }
}

function failureReason(outcomes: PushTokenOutcome[]): string {
  const errors = [...new Set(outcomes.map((outcome) => outcome.error ?? outcome.status))];
  return `no device accepted the notification (${errors.join(', ')})`;
}

/**
 * Creates the push-notification fallback for `createNotifier`.
 *
 * @example
 * const fallback = expoPushFallback({
 *   getPushTokens: (userId) => db.pushTokens(userId),
 *   message: (event, data) => sessionsPush[event]?.(data),
 *   onInvalidToken: (token) => db.deletePushToken(token),
 * });
 * const { notify } = createNotifier({ publisher, fallback });
 */
export function expoPushFallback(options: ExpoPushFallbackOptions): ExpoPushFallback {
  requireFunction(options, 'getPushTokens');
  requireFunction(options, 'message');
  requireFunction(options, 'onInvalidToken');
  const book = new ReceiptBook(options.rememberReceipts ?? 10_000);
  let loading: Promise<{ ExpoClass: ExpoClass; expo: Expo }> | undefined;
  const sdk = () => {
    if (!loading) {
      loading = loadExpoClass().then((ExpoClass) => ({
        ExpoClass,
        expo: isExpoClient(options.expo) ? options.expo : new ExpoClass(options.expo ?? {}),
      }));
      // A failed import may be fixed by installing the SDK; do not cache the failure.
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };

  /** Calls `onInvalidToken`; what it throws is returned, to be recorded rather than thrown. */
  const reportInvalidToken = async (token: string, details: InvalidTokenDetails): Promise<unknown> => {
    try {
      await options.onInvalidToken(token, details);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  const record = (outcome: { callbackError?: unknown }, callbackError: unknown) => {
    if (callbackError !== undefined) outcome.callbackError = callbackError;
  };

  async function deliver(notification: FallbackNotification): Promise<ExpoPushResult> {
    const { recipient, channel, event, data } = notification;
    const content = await options.message(event, data, notification);
    if (!content) return { delivered: false, reason: `no push message for "${event}"`, tokens: [], receipts: [] };
    const tokens = [...new Set(await options.getPushTokens(recipient))];
    if (tokens.length === 0) return { delivered: false, reason: 'recipient has no push tokens', tokens: [], receipts: [] };

    const { ExpoClass, expo } = await sdk();
    const outcomes: PushTokenOutcome[] = [];
    const messages: ExpoPushMessage[] = [];
    for (const token of tokens) {
      if (ExpoClass.isExpoPushToken(token)) {
        messages.push({ ...content, data: content.data ?? { channel: channel.name, event }, to: token });
        continue;
      }
      const outcome: PushTokenOutcome = { token, status: 'invalid', error: 'malformed' };
      outcomes.push(outcome);
      record(outcome, await reportInvalidToken(token, { reason: 'malformed', source: 'token-check', userId: recipient }));
    }
    if (messages.length === 0) return { delivered: false, reason: failureReason(outcomes), tokens: outcomes, receipts: [] };
    notification.signal?.throwIfAborted();

    const chunks = expo.chunkPushNotifications(messages);
    const answers = await Promise.allSettled(chunks.map((chunk) => expo.sendPushNotificationsAsync(chunk)));
    const firstFailure = answers.find((answer) => answer.status === 'rejected');
    if (firstFailure && answers.every((answer) => answer.status === 'rejected')) {
      throw pushServiceError(firstFailure.reason, `sending ${messages.length} push notification(s)`);
    }

    const receipts: ExpoPushResult['receipts'] = [];
    for (const [index, chunk] of chunks.entries()) {
      const answer = answers[index];
      for (const [position, message] of chunk.entries()) {
        const token = message.to as string;
        if (answer?.status !== 'fulfilled') {
          outcomes.push({ token, status: 'failed', error: pushServiceError(answer?.reason, 'sending').message });
          continue;
        }
        // One message per token, so the nth ticket belongs to the nth message of the chunk.
        const ticket = answer.value[position] as ExpoPushTicket;
        if (ticket.status === 'ok') {
          const pending = { receiptId: ticket.id, token, userId: recipient };
          book.remember(pending);
          receipts.push(pending);
          outcomes.push({ token, status: 'sent', receiptId: ticket.id });
          continue;
        }
        const error = ticket.details?.error ?? 'Unknown';
        if (error !== 'DeviceNotRegistered') {
          outcomes.push({ token, status: 'failed', error });
          continue;
        }
        const outcome: PushTokenOutcome = { token, status: 'invalid', error };
        outcomes.push(outcome);
        record(outcome, await reportInvalidToken(token, { reason: error, source: 'ticket', userId: recipient, message: ticket.message }));
      }
    }
    const delivered = receipts.length > 0;
    return { delivered, ...(delivered ? {} : { reason: failureReason(outcomes) }), tokens: outcomes, receipts };
  }

  return {
    name: PROVIDER,
    deliver,
    async checkReceipts(requested) {
      const { expo } = await sdk();
      return checkReceipts(expo, book, requested ?? book.all(), reportInvalidToken);
    },
  };
}
