/**
 * Logical channel names ↔ Pusher channel names. Pusher accepts only `[A-Za-z0-9_\-=@,.;]` and at
 * most 164 characters, and reads meaning into prefixes (`private-`, `presence-`, `cache-`,
 * `private-encrypted-`). The mapping is a prefix code, so it is reversible and collision-free:
 *
 * - `A-Z a-z 0-9 _ - = @ .` are kept;
 * - `:` (the logical separator, the most common character Pusher refuses) becomes `,`;
 * - `;` is the escape character: `;c` is `,`, `;s` is `;`, `;p` is `+`, `;t` is `~`, and `;uXXXX`
 *   (four lower-case hex digits) is any other UTF-16 code unit;
 * - a body that would start with a prefix Pusher gives meaning to has its first character escaped.
 *
 * The access prefix (`private-`/`presence-`) comes from the channel definition's `access`.
 */
import { type ChannelAccess, type ChannelRef, RealtimeError } from '@switchboard/core/adapter';

/** Longest Pusher channel name, prefix included (the documented limit). */
export const MAX_PUSHER_CHANNEL_NAME_LENGTH = 164;

const ACCESS_PREFIX: Record<ChannelAccess, string> = { public: '', private: 'private-', presence: 'presence-' };
const KEPT = /^[A-Za-z0-9_\-=@.]$/;
const ESCAPE = ';';
const ESCAPE_LETTER: Record<string, string> = { ',': 'c', ';': 's', '+': 'p', '~': 't' };
const UNESCAPE_LETTER: Record<string, string> = { c: ',', s: ';', p: '+', t: '~' };
const MEANINGFUL_PREFIXES = ['private-', 'presence-', 'cache-', 'encrypted-'];

function escapeUnit(unit: string): string {
  return `${ESCAPE}u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Encodes a logical name into the part of a Pusher name that follows the access prefix. */
export function encodeChannelBody(logicalName: string): string {
  let body = '';
  for (let index = 0; index < logicalName.length; index++) {
    const unit = logicalName[index] as string;
    if (KEPT.test(unit)) body += unit;
    else if (unit === ':') body += ',';
    else if (ESCAPE_LETTER[unit]) body += ESCAPE + ESCAPE_LETTER[unit];
    else body += escapeUnit(unit);
  }
  if (MEANINGFUL_PREFIXES.some((prefix) => body.startsWith(prefix))) body = escapeUnit(body[0] as string) + body.slice(1);
  return body;
}

/** Decodes a body made by {@link encodeChannelBody}; `undefined` for anything it could not have made. */
export function decodeChannelBody(body: string): string | undefined {
  let logical = '';
  for (let index = 0; index < body.length; index++) {
    const character = body[index] as string;
    if (character === ',') logical += ':';
    else if (KEPT.test(character)) logical += character;
    else if (character === ESCAPE) {
      const letter = body[index + 1];
      if (letter === 'u') {
        const hex = body.slice(index + 2, index + 6);
        if (!/^[0-9a-f]{4}$/.test(hex)) return undefined;
        logical += String.fromCharCode(Number.parseInt(hex, 16));
        index += 5;
      } else if (letter !== undefined && UNESCAPE_LETTER[letter]) {
        logical += UNESCAPE_LETTER[letter];
        index += 1;
      } else {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  // Only the canonical spelling maps back, so no two Pusher names share a logical name.
  return logical.length > 0 && encodeChannelBody(logical) === body ? logical : undefined;
}

/** The Pusher name of a logical channel; INVALID_CHANNEL when it cannot fit in 164 characters. */
export function toPusherChannelName(logicalName: string, access: ChannelAccess): string {
  if (typeof logicalName !== 'string' || logicalName.length === 0) {
    throw new RealtimeError('INVALID_CHANNEL', 'Channel name is empty', { provider: 'pusher' });
  }
  const name = ACCESS_PREFIX[access] + encodeChannelBody(logicalName);
  if (name.length > MAX_PUSHER_CHANNEL_NAME_LENGTH) {
    throw new RealtimeError(
      'INVALID_CHANNEL',
      `Channel "${logicalName.slice(0, 60)}" becomes a ${name.length}-character Pusher name; Pusher allows ${MAX_PUSHER_CHANNEL_NAME_LENGTH}`,
      {
        provider: 'pusher',
        details: { channel: logicalName, pusherName: name, length: name.length, limit: MAX_PUSHER_CHANNEL_NAME_LENGTH },
      },
    );
  }
  return name;
}

/** The logical name and access of a Pusher name made by {@link toPusherChannelName}, or `undefined`. */
export function fromPusherChannelName(pusherName: string):
  | {
      /** The logical channel name. */
      name: string;
      /** From the `private-`/`presence-` prefix. */
      access: ChannelAccess;
    }
  | undefined {
  if (typeof pusherName !== 'string' || pusherName.length > MAX_PUSHER_CHANNEL_NAME_LENGTH) return undefined;
  const access: ChannelAccess = pusherName.startsWith('presence-') ? 'presence' : pusherName.startsWith('private-') ? 'private' : 'public';
  const name = decodeChannelBody(pusherName.slice(ACCESS_PREFIX[access].length));
  return name === undefined ? undefined : { name, access };
}

/** The Pusher name of a channel reference. */
export function pusherChannelName(channel: ChannelRef): string {
  return toPusherChannelName(channel.name, channel.definition.access);
}
