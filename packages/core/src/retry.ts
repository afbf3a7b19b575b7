import { RealtimeError } from './errors.js';

/** How a publisher retries a failed send. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 12
   */
  attempts?: number;
  /**
   * Delay ceiling before the first retry; doubles every attempt. Each delay is drawn between half
   * the ceiling and the ceiling ("equal jitter"), so retries spread out yet always wait at least half.
   * @default 100
   */
  baseDelayMs?: number;
  /**
   * Largest delay ceiling between two attempts.
   * @default 2000
   */
  maxDelayMs?: number;
  /**
   * After this many milliseconds from the first attempt, give up and reject with the last cause.
   * @default 20000
   */
  deadlineMs?: number;
}

/**
 * The retry policy publishers use unless told otherwise. Its 11 retries wait between 7.5 s and 15 s
 * in all (plus the attempts' own time), so a provider that is back within 7.5 s — a hub restart, a
 * failover — never makes a publish reject; the fault suite rides out a 2.5-second hub restart with it.
 */
export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 12,
  baseDelayMs: 100,
  maxDelayMs: 2000,
  deadlineMs: 20_000,
};

/**
 * For serverless functions and request handlers with a short deadline: retries for 0.8 to 1.6 s,
 * never past 2.5 s from the first attempt, so the caller still has time to answer.
 */
export const SERVERLESS_RETRY: Required<RetryOptions> = {
  attempts: 6,
  baseDelayMs: 50,
  maxDelayMs: 800,
  deadlineMs: 2500,
};

/** Retry policies by name: `retry: 'serverless'` in a publisher's or a publish's options. */
export const RETRY_PRESETS = {
  /** {@link DEFAULT_RETRY}: rides out a hub restart of several seconds. */
  default: DEFAULT_RETRY,
  /** {@link SERVERLESS_RETRY}: fits a function's short deadline. */
  serverless: SERVERLESS_RETRY,
} as const;

/** What {@link retryReach} answers. */
export interface RetryReach {
  /** An outage shorter than this never makes a publish reject (milliseconds). */
  minMs: number;
  /** An outage longer than this always does (milliseconds). */
  maxMs: number;
}

/** The name of a {@link RETRY_PRESETS} entry. */
export type RetryPreset = keyof typeof RETRY_PRESETS;

/** What a `retry` option accepts: a policy, a preset's name, or `false` to send once. */
export type RetryPolicy = RetryOptions | RetryPreset | false;

/** The full policy a `retry` option stands for; CONFIG for an unknown preset name. */
export function resolveRetry(policy: RetryPolicy | undefined): Required<RetryOptions> {
  if (policy === undefined) return DEFAULT_RETRY;
  if (policy === false) return { ...DEFAULT_RETRY, attempts: 1 };
  if (typeof policy === 'string') {
    const preset = (RETRY_PRESETS as Record<string, Required<RetryOptions>>)[policy];
    if (!preset || !Object.hasOwn(RETRY_PRESETS, policy)) {
      throw new RealtimeError('CONFIG', `Unknown retry preset "${policy}"`, { details: { known: Object.keys(RETRY_PRESETS) } });
    }
    return preset;
  }
  return { ...DEFAULT_RETRY, ...policy };
}

/**
 * The least and most time a policy's retries wait in all (attempt times not included): an outage
 * shorter than `min` never makes a publish reject, one longer than `max` always does.
 */
export function retryReach(policy: RetryPolicy | undefined): RetryReach {
  const config = resolveRetry(policy);
  let minMs = 0;
  let maxMs = 0;
  for (let attempt = 0; attempt < config.attempts - 1; attempt += 1) {
    const ceiling = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** attempt);
    if (maxMs + ceiling > config.deadlineMs) {
      maxMs = config.deadlineMs;
      minMs = Math.min(minMs + Math.floor(ceiling / 2), config.deadlineMs);
      break;
    }
    minMs += Math.floor(ceiling / 2);
    maxMs += ceiling;
  }
  return { minMs, maxMs };
}

/** True for errors worth another attempt: provider unavailable, timeouts, rate limits. */
export function isRetriable(error: unknown): boolean {
  return RealtimeError.isInstance(error) && error.retriable;
}

/** Exponential backoff with equal jitter: a random delay in [c/2, c], c = min(max, base·2^attempt). */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
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
 *
 * @param started When the first attempt started (`Date.now()`), for a caller that made it before
 * calling: the deadline counts from there. Defaults to now.
 */
export function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryPolicy | undefined,
  signal?: AbortSignal,
  started = Date.now(),
): Promise<T> {
  // A misspelt preset fails before anything is sent, not at the first failure.
  if (typeof options === 'string') {
    try {
      resolveRetry(options);
    } catch (error) {
      return Promise.reject(error);
    }
  }
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
  options: RetryPolicy | undefined,
  signal: AbortSignal | undefined,
  started: number,
  firstError: unknown,
): Promise<T> {
  const config = resolveRetry(options);
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
