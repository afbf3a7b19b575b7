/**
 * How the auth handler turns a failure into an HTTP answer. Errors the client caused keep their
 * message (it helps the app's developer); anything unexpected becomes a generic 500 so no stack,
 * SQL or secret ever reaches a browser.
 */
import { RealtimeError, type RealtimeErrorCode } from '../errors.js';

/** The code in an error body: a RealtimeError code, or one of the handler's own. */
export type AuthErrorCode = RealtimeErrorCode | 'INTERNAL' | 'METHOD_NOT_ALLOWED';

/** The JSON body of every non-2xx answer of the auth handler. */
export interface AuthErrorBody {
  /** What went wrong. */
  error: {
    /** Machine-readable: a RealtimeError code, `INTERNAL` or `METHOD_NOT_ALLOWED`. */
    code: AuthErrorCode;
    /** Human-readable; for 403 the rule's reason, for 5xx always `Internal error`. */
    message: string;
  };
}

const CLIENT_STATUS: Partial<Record<RealtimeErrorCode, number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID_USER: 403,
  INVALID_CHANNEL: 400,
  INVALID_EVENT: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_MESSAGE: 400,
  UNSUPPORTED: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

const UNAVAILABLE_CODES: ReadonlySet<RealtimeErrorCode> = new Set(['PROVIDER_UNAVAILABLE', 'TIMEOUT']);

/** Headers on every answer: credentials and provider choice must never be cached or sniffed. */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON response with the handler's standard headers. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...NO_STORE_HEADERS, ...headers } });
}

/** An error answer the handler produces itself (405, generic 500). */
export function errorResponse(status: number, code: AuthErrorCode, message: string, headers: Record<string, string> = {}): Response {
  const body: AuthErrorBody = { error: { code, message } };
  return jsonResponse(status, body, headers);
}

/**
 * True when a CONFIG error was caused by the request rather than the server's settings. Authorizers
 * mark such errors with `details.source: 'request'`; any other CONFIG error is a server problem.
 */
function isRequestConfigError(error: RealtimeError): boolean {
  return error.code === 'CONFIG' && error.details?.source === 'request';
}

/** The status a failure maps to, and whether its message may be shown to the client. */
export function classifyError(error: unknown): {
  /** The HTTP status to answer with. */
  status: number;
  /** Whether the error's message may be shown to the client. */
  exposed: boolean;
} {
  if (!RealtimeError.isInstance(error)) return { status: 500, exposed: false };
  if (isRequestConfigError(error)) return { status: 400, exposed: true };
  const status = CLIENT_STATUS[error.code];
  if (status !== undefined) return { status, exposed: true };
  if (UNAVAILABLE_CODES.has(error.code)) return { status: 503, exposed: false };
  return { status: 500, exposed: false };
}

/**
 * Maps any thrown value to the handler's answer. A denial answers with the rule's reason
 * (`details.reason` when the authorizer kept it apart from the message).
 */
export function responseForError(error: unknown): Response {
  const { status, exposed } = classifyError(error);
  if (!exposed || !RealtimeError.isInstance(error)) {
    return status === 503
      ? errorResponse(503, 'PROVIDER_UNAVAILABLE', 'The realtime provider is unavailable; try again shortly')
      : errorResponse(500, 'INTERNAL', 'Internal error');
  }
  const reason = error.details?.reason;
  const message = error.code === 'FORBIDDEN' && typeof reason === 'string' && reason.length > 0 ? reason : error.message;
  const headers: Record<string, string> =
    error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined
      ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) }
      : {};
  return errorResponse(status, error.code, message, headers);
}
