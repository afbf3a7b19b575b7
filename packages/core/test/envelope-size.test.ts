import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength, jsonSizeOverLimit, utf8ByteLength } from '../src/envelope.js';

const encoder = new TextEncoder();
const exactSize = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;

describe('message size', () => {
  it('counts UTF-8 bytes like TextEncoder, surrogate pairs and lone surrogates included', () => {
    for (const text of ['', 'plain', 'é', '€', '😀', 'a😀b', '\ud83d', '\ude00x', 'x\ud83d', '"quoted"\n']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(encoder.encode(text).byteLength);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => utf8ByteLength(text) === encoder.encode(text).byteLength));
  });

  it('measures JSON like serializing and encoding it', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => jsonByteLength(value) === exactSize(value)));
    expect(jsonByteLength(undefined)).toBe(0);
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
  });

  it('fails on what JSON cannot carry, as serializing does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonSizeOverLimit(cyclic, 65_536)).toThrow(TypeError);
    expect(() => jsonSizeOverLimit({ big: 1n }, 65_536)).toThrow(TypeError);
  });
});
