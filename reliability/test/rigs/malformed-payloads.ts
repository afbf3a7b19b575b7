/** The malformed payloads every rig injects, in whatever framing its provider uses. */
import type { MalformedFrameKind } from '@switchboard/testing/faults';

/** Larger than every provider's limit (64 KiB at most). */
export const OVERSIZED_BYTES = 200_000;

/** A well-formed envelope object for the `wrong-envelope`, `oversized` and `unknown-event` kinds. */
export function malformedEnvelope(kind: MalformedFrameKind): unknown {
  const id = `malformed-${kind}-${Math.random().toString(36).slice(2)}`;
  switch (kind) {
    case 'invalid-json':
      return '{"id": "broken", "event": "tick", "data": {"n": -1';
    case 'wrong-envelope':
      return { hello: 'world', n: -1 };
    case 'oversized':
      return { id, event: 'tick', data: { n: -1, padding: 'x'.repeat(OVERSIZED_BYTES) }, ts: Date.now() };
    case 'unknown-event':
      return { id, event: 'not-in-the-catalog', data: { n: -1 }, ts: Date.now() };
  }
}
