import { describe, expect, it } from 'vitest';
import { rememberId } from '../src/subscriber/dedupe-window.js';

describe('de-duplication window', () => {
  it('drops an id seen within the last `window` ids, and holds at most twice that', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 1000; n += 1) {
      expect(rememberId(seen, `id-${n}`, 10)).toBe(true);
      // Every one of the last 10 ids is still known.
      for (let back = 0; back < Math.min(10, n + 1); back += 1) expect(rememberId(seen, `id-${n - back}`, 10)).toBe(false);
      expect(seen.size).toBeLessThanOrEqual(20);
    }
    // Long forgotten: accepted again.
    expect(rememberId(seen, 'id-0', 10)).toBe(true);
  });

  it('remembers none below one and never forgets with NaN or Infinity', () => {
    const none = new Set<string>();
    expect(rememberId(none, 'a', 0)).toBe(true);
    expect(rememberId(none, 'a', 0)).toBe(true);
    for (const window of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const all = new Set<string>();
      for (let n = 0; n < 5000; n += 1) rememberId(all, `id-${n}`, window);
      expect(rememberId(all, 'id-0', window)).toBe(false);
    }
  });
});
