/**
 * Receipts: Expo's later word on whether a sent notification reached Apple or Google. A ticket only
 * says Expo accepted the request; an uninstalled app shows up as `DeviceNotRegistered` here.
 */
import type { Expo, ExpoPushReceipt } from 'expo-server-sdk';
import { pushServiceError } from './expo-client.js';
import type { FailedReceipt, InvalidTokenDetails, PendingReceipt, ReceiptCheckResult } from './types.js';

/** Sent tickets remembered for a later check, oldest dropped first beyond `limit`. */
export class ReceiptBook {
  private readonly entries = new Map<string, PendingReceipt>();

  constructor(private readonly limit: number) {}

  remember(receipt: PendingReceipt): void {
    this.entries.set(receipt.receiptId, receipt);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(receiptId: string): PendingReceipt | undefined {
    return this.entries.get(receiptId);
  }

  forget(receiptId: string): void {
    this.entries.delete(receiptId);
  }

  all(): PendingReceipt[] {
    return [...this.entries.values()];
  }
}

/** Calls the app's `onInvalidToken`; resolves with what it threw, if anything. */
export type ReportInvalidToken = (token: string, details: InvalidTokenDetails) => Promise<unknown>;

function tokenNamedBy(receipt: ExpoPushReceipt): string | undefined {
  const named = receipt.status === 'error' ? receipt.details?.expoPushToken : undefined;
  return typeof named === 'string' ? named : undefined;
}

/** Fetches receipts in the chunks the SDK recommends and sorts them into ok, failed and pending. */
export async function checkReceipts(
  expo: Expo,
  book: ReceiptBook,
  requested: ReadonlyArray<PendingReceipt | string>,
  reportInvalidToken: ReportInvalidToken,
): Promise<ReceiptCheckResult> {
  const wanted = requested.map((entry) => (typeof entry === 'string' ? (book.get(entry) ?? { receiptId: entry }) : entry));
  const byId = new Map(wanted.map((entry) => [entry.receiptId, entry]));
  const result: ReceiptCheckResult = { ok: [], failed: [], pending: [] };
  if (byId.size === 0) return result;

  const chunks = expo.chunkPushNotificationReceiptIds([...byId.keys()]);
  const answers = await Promise.allSettled(chunks.map((chunk) => expo.getPushNotificationReceiptsAsync(chunk)));
  const firstFailure = answers.find((answer) => answer.status === 'rejected');
  if (firstFailure && answers.every((answer) => answer.status === 'rejected')) {
    throw pushServiceError(firstFailure.reason, `fetching ${byId.size} push receipt(s)`);
  }

  for (const [index, chunk] of chunks.entries()) {
    const answer = answers[index];
    for (const receiptId of chunk) {
      // A chunk whose request failed stays pending: nothing is lost, the next check asks again.
      const receipt = answer?.status === 'fulfilled' ? answer.value[receiptId] : undefined;
      if (!receipt) {
        result.pending.push(receiptId);
        continue;
      }
      book.forget(receiptId);
      if (receipt.status === 'ok') {
        result.ok.push(receiptId);
        continue;
      }
      const entry = byId.get(receiptId) as Partial<PendingReceipt>;
      const failed: FailedReceipt = {
        receiptId,
        token: entry.token ?? tokenNamedBy(receipt),
        userId: entry.userId,
        error: receipt.details?.error ?? 'Unknown',
        message: receipt.message,
      };
      result.failed.push(failed);
      if (failed.error === 'DeviceNotRegistered' && failed.token) {
        const callbackError = await reportInvalidToken(failed.token, {
          reason: 'DeviceNotRegistered',
          source: 'receipt',
          userId: failed.userId,
          message: receipt.message,
          receiptId,
        });
        if (callbackError !== undefined) failed.callbackError = callbackError;
      }
    }
  }
  return result;
}
