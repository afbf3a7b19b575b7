/** Turns the `pusher` SDK's RequestError into a RealtimeError, keeping the SDK error as `cause`. */
import { RealtimeError, type RealtimeErrorCode } from '@switchboard/core';
import { PUSHER_PROVIDER } from './capabilities.js';

interface RequestErrorShape {
  message?: string;
  status?: number;
  body?: string;
  error?: { name?: string; type?: string };
}

function codeFor(error: RequestErrorShape): { code: RealtimeErrorCode; retriable?: boolean } {
  const { status } = error;
  if (status === undefined) {
    const aborted = error.error?.name === 'AbortError' || error.error?.type === 'aborted';
    return { code: aborted ? 'TIMEOUT' : 'PROVIDER_UNAVAILABLE' };
  }
  if (status >= 500) return { code: 'PROVIDER_UNAVAILABLE' };
  if (status === 429) return { code: 'RATE_LIMITED' };
  if (status === 401) return { code: 'UNAUTHORIZED' };
  if (status === 403) return { code: 'FORBIDDEN' };
  if (status === 413) return { code: 'PAYLOAD_TOO_LARGE' };
  if (status === 404) return { code: 'CONFIG' };
  if (status === 400)
    return {
      code: /event|name too long|data/i.test(error.body ?? '') && !/channel/i.test(error.body ?? '') ? 'INVALID_EVENT' : 'INVALID_CHANNEL',
    };
  return { code: 'PROVIDER_UNAVAILABLE', retriable: false };
}

/** Maps a failed Pusher HTTP API call; anything that is not a RequestError is passed through as-is. */
export function fromRequestError(error: unknown, action: string): unknown {
  if (RealtimeError.isInstance(error)) return error;
  const shape = (error ?? {}) as RequestErrorShape;
  const isRequestError = typeof error === 'object' && error !== null && ('status' in error || 'url' in error);
  if (!isRequestError) {
    // The SDK validates names and socket ids before sending and throws plain Errors.
    return new RealtimeError('INVALID_CHANNEL', `${action}: ${shape.message ?? String(error)}`, {
      provider: PUSHER_PROVIDER,
      cause: error,
    });
  }
  const { code, retriable } = codeFor(shape);
  const detail = shape.status === undefined ? (shape.message ?? 'request failed') : `HTTP ${shape.status} ${shape.body ?? ''}`.trim();
  return new RealtimeError(code, `${action} failed: ${detail}`, {
    provider: PUSHER_PROVIDER,
    cause: error,
    ...(retriable !== undefined ? { retriable } : {}),
    details: { status: shape.status, body: shape.body },
  });
}
