import { RealtimeError } from './errors.js';

/** How a publisher retries a failed send. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 5
   */
  attempts?: number;
  /**
   * Delay before the first retry; doubles every attempt (full jitter).
   * @default 100
   */
  baseDelayMs?: number;
  /**
   * Largest delay between two attempts.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * After this many milliseconds from the first attempt, give up and reject with the last cause.
   * @default 30000
   */
  deadlineMs?: number;
}

/** The retry policy publishers use unless told otherwise. */
export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  deadlineMs: 30_000,
};

/** True for errors worth another attempt: provider unavailable, timeouts, rate limits. */
export function isRetriable(error: unknown): boolean {
  return RealtimeError.isInstance(error) && error.retriable;
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Runs `operation` until it succeeds, fails with a non-retriable error, runs out of attempts or
 * passes its deadline. The operation must be idempotent: callers keep the same message id.
 */
export function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions | false | undefined,
  signal?: AbortSignal,
): Promise<T> {
  const started = Date.now();
  // The first attempt runs right away and its promise is returned as is: a send that succeeds
  // (nearly all of them) costs no extra promise, and the retry loop is only entered on failure.
  let first: Promise<T>;
  try {
    first = Promise.resolve(operation(0));
  } catch (error) {
    first = Promise.reject(error);
  }
  return first.then(undefined, (error: unknown) => retryAfterFailure(operation, options, signal, started, error));
}

async function retryAfterFailure<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions | false | undefined,
  signal: AbortSignal | undefined,
  started: number,
  firstError: unknown,
): Promise<T> {
  const config = options === false ? { ...DEFAULT_RETRY, attempts: 1 } : { ...DEFAULT_RETRY, ...options };
  let attempt = 0;
  let error = firstError;
  for (;;) {
    attempt += 1;
    if (!isRetriable(error) || attempt >= config.attempts) throw error;
    const hinted = RealtimeError.isInstance(error) ? error.retryAfterMs : undefined;
    const delay = hinted ?? backoffDelay(attempt - 1, config);
    if (Date.now() - started + delay > config.deadlineMs) throw error;
    await sleep(delay, signal);
    try {
      return await operation(attempt);
    } catch (failure) {
      error = failure;
    }
  }
}
