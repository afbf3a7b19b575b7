/**
 * What a subscription may ask to replay on attach. Served by the history catch-up on every provider,
 * or by the provider's own history (a count, on Ably); `createSubscriberFromTransport` refuses the
 * rest with UNSUPPORTED.
 */

/** What a subscription asks to be replayed on attach: the last `n` messages, or all after a number. */
export type Rewind =
  | number
  | {
      /** Replay every message after this history number (`historySeq`). */
      since: number;
    };
