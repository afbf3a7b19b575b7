/**
 * The copy a memory connection receives instead of the publisher's object, so neither side can
 * change what the other holds, as over a network. Plain objects and arrays (what messages are
 * nearly always made of) are copied by hand, several times faster than `structuredClone` for a
 * message-sized value; anything else (a Date, a Map, a class instance, a cycle) goes through
 * `structuredClone`, so the isolation guarantee is the same.
 */

const DEEPEST_PLAIN_COPY = 32;
const tooDeep = Symbol('too deep');

function copyPlain(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Deep nesting may be a cycle: the caller starts over with structuredClone, which keeps cycles.
  if (depth > DEEPEST_PLAIN_COPY) throw tooDeep;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let index = 0; index < value.length; index++) copy.push(copyPlain(value[index], depth + 1));
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyPlain((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/** A deep copy of `value` that shares no object with it. */
export function copyMessage<T>(value: T): T {
  try {
    return copyPlain(value, 0) as T;
  } catch (error) {
    if (error === tooDeep) return structuredClone(value);
    throw error;
  }
}
