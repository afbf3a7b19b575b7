/**
 * Reads a credential request's body: JSON (Ably, Socket.IO adapters) or an HTML form
 * (`application/x-www-form-urlencoded`, what pusher-js sends), never more than a small cap.
 */
import { RealtimeError } from '../errors.js';

/** Largest body the auth handler reads by default: a credential request is a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 16_384;

function tooLarge(maxBytes: number): RealtimeError {
  return new RealtimeError('PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes`, { details: { maxBytes } });
}

function malformed(message: string): RealtimeError {
  return new RealtimeError('VALIDATION_FAILED', message);
}

/** Reads the raw bytes, stopping as soon as the cap is passed so a huge upload is never buffered. */
async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw malformed('Content-Length is not a number');
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // A repeated field (channel_name=a&channel_name=b) is a request smuggling attempt, not a list.
    if (Object.hasOwn(fields, key)) throw malformed(`Form field "${key.slice(0, 40)}" appears more than once`);
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

function parseJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * The request's fields as an object. Throws PAYLOAD_TOO_LARGE past `maxBytes` and
 * VALIDATION_FAILED for bodies that are not UTF-8 JSON objects or forms.
 */
export async function readRequestBody(request: Request, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const bytes = await readBytes(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('Request body is not valid UTF-8');
  }
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === 'application/json' || type.endsWith('+json')) return parseJson(text);
  if (text.trim().length === 0 && type === '') return {};
  throw malformed('Send the request body as application/json or application/x-www-form-urlencoded');
}
