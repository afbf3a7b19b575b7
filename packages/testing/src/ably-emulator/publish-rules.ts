/**
 * What Ably checks on every publish, REST or realtime: body shape, the size limit (data, name,
 * clientId and extras together), client-supplied id format, and the publisher's clientId.
 */
import { randomBytes } from 'node:crypto';
import { errors } from './ably-error.js';
import type { StoredMessage } from './channel-store.js';
import type { Credential } from './credentials.js';
import type { WireMessage } from './protocol.js';

const encoder = new TextEncoder();

function byteLength(value: unknown): number {
  if (value === undefined || value === null) return 0;
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)).byteLength;
}

/** Ably's message size: data + name + clientId + extras, summed over the publish. */
export function messagesSize(messages: readonly WireMessage[]): number {
  return messages.reduce(
    (total, message) =>
      total + byteLength(message.data) + byteLength(message.name) + byteLength(message.clientId) + byteLength(message.extras),
    0,
  );
}

/** The `extras` keys Ably recognises; anything else is refused with 40032. */
const EXTRAS_KEYS = new Set(['headers', 'push', 'ephemeral', 'delta', 'ref', 'privileged']);

/** Checks `extras` as Ably does: known keys only; `headers` a flat map of string, number, boolean or null. */
function checkExtras(extras: unknown): void {
  if (extras === undefined || extras === null) return;
  if (typeof extras !== 'object' || Array.isArray(extras)) throw errors.invalidExtras('Message extras must be an object');
  const unknown = Object.keys(extras).filter((key) => !EXTRAS_KEYS.has(key));
  if (unknown.length > 0) throw errors.invalidExtras(`Message has impermissible extras fields: ${unknown.join(', ')}`);
  const { headers } = extras as { headers?: unknown };
  if (headers === undefined) return;
  const flat =
    typeof headers === 'object' &&
    headers !== null &&
    !Array.isArray(headers) &&
    Object.values(headers).every((value) => value === null || ['string', 'number', 'boolean'].includes(typeof value));
  if (!flat) throw errors.invalidExtras('extras.headers if present must be a map<string, string|number|boolean|null>');
}

/** Accepts one message object or an array of them, each an object. */
export function readMessages(body: unknown): WireMessage[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw errors.invalidBody('No messages to publish');
  for (const message of list) {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      throw errors.invalidBody('Each message must be an object');
    const { name, id, encoding, clientId } = message as Record<string, unknown>;
    for (const [key, value] of Object.entries({ name, id, encoding, clientId })) {
      if (value !== undefined && value !== null && typeof value !== 'string') throw errors.invalidBody(`Message ${key} must be a string`);
    }
  }
  return list as WireMessage[];
}

/**
 * Checks a publish and fills in what the server assigns: ids, timestamps, clientId, connectionId.
 * `defaultIdBase` makes realtime ids `connectionId:msgSerial:index`.
 */
export function preparePublish(
  messages: readonly WireMessage[],
  credential: Credential,
  options: { maxMessageSize: number; connectionId?: string | undefined; defaultIdBase?: string | undefined; now: number },
): Array<Omit<StoredMessage, 'sequence'>> {
  for (const message of messages) checkExtras(message.extras);
  const size = messagesSize(messages);
  if (size > options.maxMessageSize) throw errors.tooLarge(size, options.maxMessageSize);
  const given = messages.filter((message) => message.id !== undefined && message.id !== null);
  if (given.some((message) => message.id === '')) throw errors.invalidMessageId('Client-specified message id cannot be empty');
  if (messages.length > 1 && given.length > 0) {
    const base = /^(.*):0$/.exec(messages[0]?.id ?? '')?.[1];
    if (base === undefined || messages.some((message, index) => message.id !== `${base}:${index}`)) {
      throw errors.invalidMessageId('Client-specified message ids do not match the required format for multi-message ProtocolMessages');
    }
  }
  const { now } = options;
  const idBase = options.defaultIdBase ?? `${randomBytes(9).toString('base64url')}`;
  return messages.map((message, index) => {
    const clientId = message.clientId ?? credential.clientId;
    if (message.clientId !== undefined && credential.token && credential.clientId !== '*' && message.clientId !== credential.clientId) {
      throw errors.invalidClientId(`Message clientId "${message.clientId}" does not match the connection's clientId`);
    }
    const prepared: Omit<StoredMessage, 'sequence'> = {
      id: message.id ?? `${idBase}:${index}`,
      timestamp: now,
      ...(message.name !== undefined ? { name: message.name } : {}),
      ...(message.data !== undefined ? { data: message.data } : {}),
      ...(message.encoding ? { encoding: message.encoding } : {}),
      ...(message.extras !== undefined ? { extras: message.extras } : {}),
      ...(clientId && clientId !== '*' ? { clientId } : {}),
      ...(options.connectionId ? { connectionId: options.connectionId } : {}),
    };
    return prepared;
  });
}
