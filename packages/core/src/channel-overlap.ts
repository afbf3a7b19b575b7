/**
 * Whether two channel templates can match the same concrete name, decided statically. A template is
 * a list of `:`-separated segments; a param value never contains `:` and two params are always
 * separated by a `:`, so a name has exactly as many segments as its template and each segment is
 * either a literal or `prefix{param}suffix`, where the param is 1–128 characters. Two templates
 * overlap when every pair of segments can spell the same text and the shortest such name fits in
 * {@link MAX_CHANNEL_NAME_LENGTH}.
 */
import { type AnyChannelDefinition, CHANNEL_SEPARATOR, MAX_CHANNEL_NAME_LENGTH } from './channel.js';
import { RealtimeError } from './errors.js';

/** Longest param value, as `PARAM_VALUE_PATTERN` allows. */
const MAX_PARAM_LENGTH = 128;
/** Fills positions no literal fixes; any param character would do. */
const FREE_CHARACTER = 'x';

interface Segment {
  prefix: string;
  suffix: string;
  hasParam: boolean;
}

function segmentsOf(template: string): Segment[] {
  return template.split(CHANNEL_SEPARATOR).map((text) => {
    const open = text.indexOf('{');
    if (open < 0) return { prefix: text, suffix: '', hasParam: false };
    return { prefix: text.slice(0, open), suffix: text.slice(text.indexOf('}') + 1), hasParam: true };
  });
}

function lengthRange(segment: Segment): [number, number] {
  const fixed = segment.prefix.length + segment.suffix.length;
  return segment.hasParam ? [fixed + 1, fixed + MAX_PARAM_LENGTH] : [fixed, fixed];
}

/** Writes a segment's literal characters into a text of `length`; false on a clash with what is there. */
function place(segment: Segment, length: number, text: Array<string | undefined>): boolean {
  const fixed: Array<[number, string]> = [...segment.prefix].map((char, index) => [index, char]);
  const offset = length - segment.suffix.length;
  for (const [index, char] of [...segment.suffix].entries()) fixed.push([offset + index, char]);
  for (const [index, char] of fixed) {
    if (text[index] !== undefined && text[index] !== char) return false;
    text[index] = char;
  }
  return true;
}

/** The shortest text both segments match, or undefined when they share none. */
function commonSegment(a: Segment, b: Segment): string | undefined {
  const [minA, maxA] = lengthRange(a);
  const [minB, maxB] = lengthRange(b);
  for (let length = Math.max(minA, minB); length <= Math.min(maxA, maxB); length++) {
    const text: Array<string | undefined> = new Array(length).fill(undefined);
    if (place(a, length, text) && place(b, length, text)) return text.map((char) => char ?? FREE_CHARACTER).join('');
  }
  return undefined;
}

/**
 * The shortest concrete channel name both templates match, or `undefined` when no name can match
 * both. Templates must be valid (made by `defineChannel`).
 *
 * @example
 * templateOverlap('user:{userId}:{feed}', 'user:{userId}:inbox'); // 'user:x:inbox'
 * templateOverlap('user:{userId}', 'user:{userId}:inbox'); // undefined
 */
export function templateOverlap(a: string, b: string): string | undefined {
  const segmentsA = segmentsOf(a);
  const segmentsB = segmentsOf(b);
  if (segmentsA.length !== segmentsB.length) return undefined;
  const parts: string[] = [];
  for (const [index, segment] of segmentsA.entries()) {
    const common = commonSegment(segment, segmentsB[index] as Segment);
    if (common === undefined) return undefined;
    parts.push(common);
  }
  const name = parts.join(CHANNEL_SEPARATOR);
  return name.length <= MAX_CHANNEL_NAME_LENGTH ? name : undefined;
}

/**
 * Refuses a set of definitions in which a concrete name could match two of them (CONFIG, naming both
 * templates and a name they share), so every name belongs to at most one definition and is never
 * authorized under another one's rule. Listing the same definition twice is fine.
 */
export function assertDistinctTemplates(definitions: readonly AnyChannelDefinition[]): void {
  const distinct = [...new Set(definitions)];
  for (const [index, first] of distinct.entries()) {
    for (const second of distinct.slice(index + 1)) {
      const shared = templateOverlap(first.template, second.template);
      if (shared === undefined) continue;
      throw new RealtimeError(
        'CONFIG',
        `Channel templates "${first.template}" and "${second.template}" overlap (both match "${shared}"); ` +
          'a name must belong to one definition only, so rename one of them (e.g. give it its own literal segment)',
        { details: { templates: [first.template, second.template], example: shared } },
      );
    }
  }
}
