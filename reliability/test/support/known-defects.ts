/**
 * Adapter defects the fault suite found and could not fix (adapters belong to their packages).
 * A cell listed here still has every other assertion; its silently lost messages are printed and
 * bounded instead of required to be zero, and docs/reliability.md shows the count. Remove the
 * entry once the adapter is fixed, and the cell must reach zero again.
 */
export interface KnownDefect {
  provider: string;
  /** The fault label's beginning, e.g. `connections dropped`. */
  fault: string;
  /** Largest share of expected deliveries that may be lost before the cell fails anyway. */
  maxLostShare: number;
  summary: string;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    provider: 'socket-io + Redis',
    fault: 'connections dropped',
    maxLostShare: 0.1,
    summary:
      'After a recovered reconnection on the Redis streams adapter, a few messages published while the session is being ' +
      'restored never reach the client and no gap is reported: restoreSession() replays the stream up to its end with XRANGE, ' +
      'but the socket joins its rooms only afterwards, so entries the XREAD loop delivers in between miss it. ' +
      'The same run without Redis (in-memory adapter) loses nothing.',
  },
];

export function knownDefect(provider: string, fault: string): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.provider === provider && fault.startsWith(defect.fault));
}
