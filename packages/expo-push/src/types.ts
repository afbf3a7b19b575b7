import type { FallbackNotification, FallbackResult } from '@switchboard/core';
import type { Expo, ExpoClientOptions, ExpoPushMessage } from 'expo-server-sdk';

/** Title, body and the other visible parts of one push notification. `to` is filled in per device. */
export type PushContent = Omit<ExpoPushMessage, 'to' | 'title' | 'body'> & {
  /** The notification's title. */
  title: string;
  /** The notification's text. */
  body: string;
};

/** Why a token should be deleted, and where that was learned. */
export interface InvalidTokenDetails {
  /** `malformed`: not an Expo push token at all; `DeviceNotRegistered`: the app was uninstalled or the token expired. */
  reason: 'malformed' | 'DeviceNotRegistered';
  /** Where it was found: before sending, in the send ticket, or in the later receipt. */
  source: 'token-check' | 'ticket' | 'receipt';
  /** The user the token was registered for, when known. */
  userId?: string | undefined;
  /** Expo's message, when Expo reported it. */
  message?: string | undefined;
  /** The receipt id, when a receipt reported it. */
  receiptId?: string | undefined;
}

/** Options of {@link expoPushFallback}. */
export interface ExpoPushFallbackOptions {
  /**
   * An `Expo` client, or the options to create one (`accessToken`, `maxConcurrentRequests`, ...).
   * The SDK is imported on the first delivery, never at construction.
   * @default a client created with `new Expo()`
   */
  expo?: Expo | Partial<ExpoClientOptions> | undefined;
  /** The Expo push tokens registered for a user (every device). An empty list means "no device". */
  getPushTokens(userId: string): readonly string[] | Promise<readonly string[]>;
  /**
   * What the notification says for an event, typically from your event catalog's push texts.
   * Return `undefined` for events that should not become push notifications.
   * When `data` is left out, the notification carries `{ channel, event }` for deep-linking.
   */
  message(
    event: string,
    data: unknown,
    notification: FallbackNotification,
  ): PushContent | undefined | null | Promise<PushContent | undefined | null>;
  /**
   * Called for every token that will never work again, so the app can delete it. Never thrown.
   * If the callback itself throws, the error is recorded on the token's outcome.
   */
  onInvalidToken(token: string, details: InvalidTokenDetails): void | Promise<void>;
  /**
   * How many sent tickets are remembered for {@link ExpoPushFallback.checkReceipts} without arguments.
   * @default 10000
   */
  rememberReceipts?: number | undefined;
}

/** What happened to one device token in one delivery. */
export interface PushTokenOutcome {
  /** The device's Expo push token. */
  token: string;
  /** `sent`: Expo accepted it (check the receipt later); `invalid`: reported through `onInvalidToken`; `failed`: not sent. */
  status: 'sent' | 'invalid' | 'failed';
  /** The ticket's receipt id, when sent. */
  receiptId?: string | undefined;
  /** Expo's error code (`DeviceNotRegistered`, `MessageRateExceeded`, ...) or the request failure, when not sent. */
  error?: string | undefined;
  /** What `onInvalidToken` threw, if it did. */
  callbackError?: unknown;
}

/** A sent notification whose delivery Expo confirms later, in a receipt. */
export interface PendingReceipt {
  /** The id Expo's ticket gave, to look the receipt up. */
  receiptId: string;
  /** The device token it was sent to. */
  token: string;
  /** The recipient, when known. */
  userId?: string | undefined;
}

/** The result of one delivery: `delivered` when Expo accepted the notification for at least one device. */
export interface ExpoPushResult extends FallbackResult {
  /** What happened to each of the user's device tokens. */
  tokens: PushTokenOutcome[];
  /** Store these and pass them to `checkReceipts` later (Expo advises waiting about 15 minutes). */
  receipts: PendingReceipt[];
}

/** A receipt Expo answered with an error. */
export interface FailedReceipt {
  /** The receipt's id. */
  receiptId: string;
  /** The device token, when this instance remembered it or Expo named it. */
  token?: string | undefined;
  /** The recipient, when known. */
  userId?: string | undefined;
  /** Expo's error code: `DeviceNotRegistered`, `MessageTooBig`, `InvalidCredentials`, ... */
  error: string;
  /** Expo's explanation. */
  message: string;
  /** What `onInvalidToken` threw, if it did. */
  callbackError?: unknown;
}

/** What a receipt check found. */
export interface ReceiptCheckResult {
  /** Receipt ids Expo confirmed as handed to Apple or Google. */
  ok: string[];
  /** Receipts with an error; `DeviceNotRegistered` ones were also reported through `onInvalidToken`. */
  failed: FailedReceipt[];
  /** Receipt ids Expo has no receipt for yet (or any more): check again later, or give up after a day. */
  pending: string[];
}

/** The Expo push fallback: a `NotificationFallback` plus a receipt check. */
export interface ExpoPushFallback {
  /** The fallback's name, as notify reports it. */
  readonly name: 'expo-push';
  /** Sends the notification's push message to every device of the recipient. */
  deliver(notification: FallbackNotification): Promise<ExpoPushResult>;
  /**
   * Fetches receipts for sent notifications and reports unregistered devices through `onInvalidToken`.
   * Without arguments, checks every receipt this instance still remembers as pending.
   * Throws PROVIDER_UNAVAILABLE when the push service could not be reached at all.
   */
  checkReceipts(receipts?: ReadonlyArray<PendingReceipt | string>): Promise<ReceiptCheckResult>;
}
