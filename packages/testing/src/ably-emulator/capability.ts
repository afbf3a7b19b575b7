/**
 * Ably capabilities: `{ "<channel pattern>": ["publish", "subscribe", "presence", ...] }`.
 * A pattern is a channel name, `*` (every channel) or `namespace:*` (every channel whose name starts
 * with `namespace:`); the operation `*` grants everything.
 */
import { errors } from './ably-error.js';
import { Mode } from './protocol.js';

/** An Ably capability: channel name or pattern → allowed operations. */
export type Capability = Record<string, string[]>;

export type Operation = 'publish' | 'subscribe' | 'presence' | 'history';

/** Everything: what a key carries unless it was given a narrower capability. */
export const ALL_CAPABILITIES: Capability = { '*': ['*'] };

/** Canonical JSON: keys sorted, operations sorted (what the MAC is computed over). */
export function canonicalCapability(capability: Capability): string {
  const sorted: Capability = {};
  for (const key of Object.keys(capability).sort()) sorted[key] = [...(capability[key] ?? [])].sort();
  return JSON.stringify(sorted);
}

/** Parses a capability JSON string; throws 40001 when it is not `{ string: string[] }`. */
export function parseCapability(text: string): Capability {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.invalidBody('Capability is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.invalidBody('Capability must be an object');
  for (const operations of Object.values(value)) {
    if (!Array.isArray(operations) || operations.some((operation) => typeof operation !== 'string')) {
      throw errors.invalidBody('Capability operations must be arrays of strings');
    }
  }
  return value as Capability;
}

function patternMatches(pattern: string, channel: string): boolean {
  if (pattern === '*' || pattern === channel) return true;
  return pattern.endsWith(':*') && channel.startsWith(pattern.slice(0, -1));
}

/** The operations a capability grants on a channel. */
export function operationsOn(capability: Capability, channel: string): Set<string> {
  const granted = new Set<string>();
  for (const [pattern, operations] of Object.entries(capability)) {
    if (!patternMatches(pattern, channel)) continue;
    for (const operation of operations) granted.add(operation);
  }
  return granted;
}

export function allows(capability: Capability, channel: string, operation: Operation): boolean {
  const granted = operationsOn(capability, channel);
  return granted.has('*') || granted.has(operation);
}

/** Throws 40160 unless the capability grants `operation` on `channel`. */
export function requireOperation(capability: Capability, channel: string, operation: Operation): void {
  if (!allows(capability, channel, operation)) throw errors.capabilityRefused(channel, operation);
}

/** A token's capability must be a subset of its key's: every granted pair must be granted by the key. */
export function isSubset(requested: Capability, key: Capability): boolean {
  for (const [pattern, operations] of Object.entries(requested)) {
    for (const operation of operations) {
      const covered = Object.entries(key).some(
        ([keyPattern, keyOperations]) =>
          (keyPattern === '*' || keyPattern === pattern || patternMatches(keyPattern, pattern)) &&
          (keyOperations.includes('*') || keyOperations.includes(operation)),
      );
      if (!covered) return false;
    }
  }
  return true;
}

function intersectOperations(left: readonly string[], right: readonly string[]): string[] {
  if (left.includes('*')) return [...right];
  if (right.includes('*')) return [...left];
  return left.filter((operation) => right.includes(operation));
}

/**
 * What a token gets: the intersection of its requested capability and its key's. Where one
 * pattern covers the other (`*` ⊇ `ns:*` ⊇ `ns:a`), the narrower pattern keeps the common operations.
 */
export function intersectCapabilities(requested: Capability, key: Capability): Capability {
  const result: Capability = {};
  const add = (pattern: string, operations: string[]) => {
    if (operations.length === 0) return;
    const merged = new Set([...(result[pattern] ?? []), ...operations]);
    result[pattern] = merged.has('*') ? ['*'] : [...merged];
  };
  for (const [requestedPattern, requestedOperations] of Object.entries(requested)) {
    for (const [keyPattern, keyOperations] of Object.entries(key)) {
      const common = intersectOperations(requestedOperations, keyOperations);
      if (patternMatches(keyPattern, requestedPattern)) add(requestedPattern, common);
      else if (patternMatches(requestedPattern, keyPattern)) add(keyPattern, common);
    }
  }
  return result;
}

/** The ATTACHED mode bits for what a capability grants on a channel. */
export function modeFlags(capability: Capability, channel: string): number {
  let flags = 0;
  if (allows(capability, channel, 'publish')) flags |= Mode.PUBLISH;
  if (allows(capability, channel, 'subscribe')) flags |= Mode.SUBSCRIBE | Mode.PRESENCE_SUBSCRIBE;
  if (allows(capability, channel, 'presence')) flags |= Mode.PRESENCE;
  return flags;
}

/** True when the capability grants anything at all on the channel (needed to attach). */
export function grantsAny(capability: Capability, channel: string): boolean {
  return operationsOn(capability, channel).size > 0;
}
