/**
 * `createWebhookHandler`: one Web-standard handler (`Request` → `Response`) for every provider's
 * webhooks. It hands the request to the source whose headers it carries, which verifies the
 * signature over the exact body and decodes it; then it refuses deliveries that are stale, from
 * the future or already seen (replays), and passes each event to `onEvent` in order.
 */
import { RealtimeError } from '../errors.js';
import type { WebhookEvent } from './webhook-events.js';
import type { WebhookSource } from './webhook-source.js';

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The providers whose webhooks this endpoint takes (`pusherWebhooks`, `ablyWebhooks`, `hubWebhooks`). */
  sources: readonly WebhookSource[];
  /** Called with every event of a verified delivery, in order; the response waits for it. */
  onEvent(event: WebhookEvent): void | Promise<void>;
  /**
   * How far a delivery's time may be from this server's clock, either way; also how long
   * delivery ids are remembered to refuse replays.
   * @default 300000
   */
  toleranceMs?: number;
  /**
   * Largest body read.
   * @default 1048576
   */
  maxBodyBytes?: number;
  /** The clock. @default Date.now */
  now?: () => number;
}

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
const refuse = (status: number, code: string, message: string) => answer(status, { error: { code, message } });

/** A Web-standard webhook endpoint: verifies, refuses forged and replayed deliveries, emits typed events. */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  if (!options || !Array.isArray(options.sources) || options.sources.length === 0 || typeof options.onEvent !== 'function') {
    throw new RealtimeError('CONFIG', 'createWebhookHandler needs sources (pusherWebhooks, ablyWebhooks, hubWebhooks) and onEvent');
  }
  const toleranceMs = options.toleranceMs ?? 300_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  const forgetOld = () => {
    const cutoff = now() - 2 * toleranceMs;
    for (const [id, at] of seen) {
      if (at >= cutoff) break;
      seen.delete(id);
    }
  };

  return async (request) => {
    if (request.method !== 'POST') return refuse(405, 'CONFIG', 'Use POST');
    const source = options.sources.find((candidate) => candidate.matches(request.headers));
    if (!source) return refuse(401, 'UNAUTHORIZED', 'Not a signed webhook of a configured provider');
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > maxBodyBytes) return refuse(413, 'PAYLOAD_TOO_LARGE', `Body larger than ${maxBodyBytes} bytes`);
    const body = await request.text();
    if (body.length > maxBodyBytes) return refuse(413, 'PAYLOAD_TOO_LARGE', `Body larger than ${maxBodyBytes} bytes`);
    let verified: Awaited<ReturnType<WebhookSource['verify']>>;
    try {
      verified = await source.verify(request.headers, body, { method: request.method, url: request.url });
    } catch (error) {
      return refuse(400, 'MALFORMED_MESSAGE', `${source.provider} webhook: ${(error as Error).message}`);
    }
    if (!verified) return refuse(401, 'UNAUTHORIZED', `${source.provider} webhook: bad signature`);
    const skew = verified.sentAt - now();
    if (Math.abs(skew) > toleranceMs) {
      return refuse(
        401,
        'UNAUTHORIZED',
        `${source.provider} webhook: sent ${Math.round(-skew / 1000)} s ago, outside the tolerance (replayed or delayed)`,
      );
    }
    forgetOld();
    const key = `${source.provider}:${verified.deliveryId}`;
    if (seen.has(key)) return refuse(401, 'UNAUTHORIZED', `${source.provider} webhook: replayed delivery`);
    seen.set(key, now());
    for (const event of verified.events) await options.onEvent(event);
    return answer(200, { received: verified.events.length });
  };
}
