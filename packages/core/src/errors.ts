/** Every failure Switchboard reports is a RealtimeError with one of these codes. */
export const REALTIME_ERROR_CODES = [
  'CONFIG',
  'INVALID_CHANNEL',
  'INVALID_EVENT',
  'PAYLOAD_TOO_LARGE',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
  'TIMEOUT',
  'UNSUPPORTED',
  'MALFORMED_MESSAGE',
  'CLOSED',
  'INVALID_USER',
  'UNSUPPORTED_PROTOCOL',
] as const;

/** One of {@link REALTIME_ERROR_CODES}. */
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];

/** Codes a publisher may retry: the provider did not reject the message itself. */
const RETRIABLE_CODES: ReadonlySet<RealtimeErrorCode> = new Set(['PROVIDER_UNAVAILABLE', 'RATE_LIMITED', 'TIMEOUT']);

/** Options of the {@link RealtimeError} constructor. */
export interface RealtimeErrorOptions {
  /** The provider that reported the error (`memory`, `socket-io`, `pusher`, `ably`, ...). */
  provider?: string | undefined;
  /** The underlying error, kept as it was thrown by the vendor SDK. */
  cause?: unknown;
  /** Overrides the default retriability of the code. */
  retriable?: boolean | undefined;
  /** For RATE_LIMITED: how long the provider asked us to wait. */
  retryAfterMs?: number | undefined;
  /** Structured details (sizes, limits, issue paths). */
  details?: Record<string, unknown> | undefined;
}

const BRAND = Symbol.for('switchboard.RealtimeError');

/** The single error class of Switchboard. Use {@link RealtimeError.isInstance} rather than `instanceof`. */
export class RealtimeError extends Error {
  /** Always `RealtimeError`. */
  override readonly name = 'RealtimeError';
  /** What went wrong, as one of {@link REALTIME_ERROR_CODES}. */
  declare readonly code: RealtimeErrorCode;
  /** The provider that reported it, when one did. */
  declare readonly provider: string | undefined;
  /** True when retrying the same call may succeed (outages, timeouts, rate limits). */
  declare readonly retriable: boolean;
  /** For RATE_LIMITED: how long the provider asked to wait. */
  declare readonly retryAfterMs: number | undefined;
  /** Structured details: sizes, limits, issue paths, the variable that is missing. */
  declare readonly details: Record<string, unknown> | undefined;

  // `declare`d fields are only assigned here, so no class-field initialisers are emitted for them.
  constructor(code: RealtimeErrorCode, message: string, options: RealtimeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.provider = options.provider;
    this.retriable = options.retriable ?? RETRIABLE_CODES.has(code);
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any RealtimeError, even one created by a second copy of this package. */
  static isInstance(value: unknown, code?: RealtimeErrorCode): value is RealtimeError {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
    return code === undefined || (value as RealtimeError).code === code;
  }
}

/** Fails fast when an adapter lacks a capability: names the provider and the capability. */
export function unsupported(provider: string, capability: string): RealtimeError {
  return new RealtimeError('UNSUPPORTED', `${provider} does not support ${capability}`, {
    provider,
    details: { capability },
  });
}
