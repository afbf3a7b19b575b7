import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSizeOverLimit } from '../src/envelope.js';

const encoder = new TextEncoder();
const exactSize = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;

describe('message size', () => {
  it('measures strings of any characters exactly once they pass the limit', () => {
    for (const text of ['é', '€', '😀', 'a😀b', '\ud83d', '\ude00x', '"quoted"\n', '\u0001']) {
      const value = { text: text.repeat(20) };
      expect(jsonSizeOverLimit(value, 20), JSON.stringify(text)).toBe(exactSize(value));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 200 }), (text, limit) => {
        const size = exactSize({ text });
        expect(jsonSizeOverLimit({ text }, limit)).toBe(size > limit ? size : undefined);
      }),
    );
  });

  it('reports the exact size exactly when a value is over the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 400 }), (value, limit) => {
        const size = exactSize(value);
        expect(jsonSizeOverLimit(value, limit)).toBe(size > limit ? size : undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('measures values that serialize in their own way', () => {
    const date = new Date('2026-01-15T10:30:00.000Z');
    expect(jsonSizeOverLimit({ at: date }, 10)).toBe(exactSize({ at: date }));
    expect(jsonSizeOverLimit({ custom: { toJSON: () => 'x'.repeat(50) } }, 20)).toBe(52 + 11);
    expect(jsonSizeOverLimit({ escaped: '\u0001'.repeat(10) }, 30)).toBe(exactSize({ escaped: '\u0001'.repeat(10) }));
    expect(jsonSizeOverLimit({ small: 1 }, Number.POSITIVE_INFINITY)).toBeUndefined();
    // Holes serialize as null.
    expect(jsonSizeOverLimit({ sparse: new Array(100) }, 100)).toBe(exactSize({ sparse: new Array(100) }));
  });

  it('fails on what JSON cannot carry, as serializing does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonSizeOverLimit(cyclic, 65_536)).toThrow(TypeError);
    expect(() => jsonSizeOverLimit({ big: 1n }, 65_536)).toThrow(TypeError);
  });
});
