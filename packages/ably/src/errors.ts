/**
 * Ably `ErrorInfo` → RealtimeError, keeping the Ably error as `cause` so its code (40160, 40142...)
 * stays visible. Retriability follows the code: 5xx, network and rate limits are retried by core.
 */
import { RealtimeError, type RealtimeErrorCode } from '@switchboard/core/adapter';

export const PROVIDER = 'ably';

interface AblyErrorLike {
  code?: number;
  statusCode?: number;
  message?: string;
}

function codeFor(error: AblyErrorLike): RealtimeErrorCode {
  const code = error.code ?? 0;
  const status = error.statusCode ?? 0;
  if (code === 40160 || code === 40161 || (code >= 40300 && code < 40400) || status === 403) return 'FORBIDDEN';
  if (code === 40009 || status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429 || (code >= 42900 && code < 43000)) return 'RATE_LIMITED';
  if (code >= 40100 && code < 40200) return 'UNAUTHORIZED';
  if (code === 40010) return 'INVALID_CHANNEL';
  if (code === 50003 || status === 504 || code === 90007) return 'TIMEOUT';
  if (code === 80017 || code === 80016) return 'CLOSED';
  if (status >= 400 && status < 500) return 'MALFORMED_MESSAGE';
  // 5xx, connection errors (80xxx) and anything without a status: the service was unreachable.
  return 'PROVIDER_UNAVAILABLE';
}

/** Wraps anything the Ably SDK threw or reported as a RealtimeError with the Ably error as cause. */
export function toRealtimeError(error: unknown, context: string): RealtimeError {
  if (RealtimeError.isInstance(error)) return error;
  const info = (typeof error === 'object' && error !== null ? error : {}) as AblyErrorLike;
  const message = info.message ?? (error instanceof Error ? error.message : String(error));
  const reason = `${message}${info.code ? ` (Ably ${info.code})` : ''}`;
  return new RealtimeError(codeFor(info), `${context}: ${reason}`, {
    provider: PROVIDER,
    cause: error,
    details: { ablyCode: info.code, statusCode: info.statusCode, reason },
  });
}
