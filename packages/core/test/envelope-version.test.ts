import { describe, expect, it } from 'vitest';
import { parseEnvelope, RealtimeError } from '../src/index.js';

const v1 = { id: 'm-1', event: 'posted', data: { text: 'hi' }, ts: 1_700_000_000_000 };

const refusal = (raw: unknown) => {
  try {
    parseEnvelope(raw, 'test');
  } catch (error) {
    return error;
  }
  throw new Error('parseEnvelope accepted it');
};

describe('the protocol version of a received envelope (docs/protocol.md)', () => {
  it('reads an envelope without `v`, or with `v: 1`, as version 1', () => {
    expect(parseEnvelope(v1)).toMatchObject(v1);
    expect(parseEnvelope(JSON.stringify({ ...v1, v: 1 }))).toMatchObject({ ...v1, v: 1 });
  });

  it.each([
    ['v: 2 with the version-1 fields', { ...v1, v: 2 }, 2],
    ['v: 2 in JSON text', JSON.stringify({ ...v1, v: 2 }), 2],
    ['v: 2 with short field names', { v: 2, i: 'm-1', e: 'posted', d: {} }, 2],
    ['v: "1" (a string is not a version)', { ...v1, v: '1' }, '1'],
    ['v: null', { ...v1, v: null }, null],
    ['a positional envelope', [2, 'm-1', 'posted', {}], 2],
  ])('refuses %s with UNSUPPORTED_PROTOCOL, never as version 1', (_name, raw, version) => {
    const error = refusal(raw);
    expect(RealtimeError.isInstance(error, 'UNSUPPORTED_PROTOCOL')).toBe(true);
    expect(error).toMatchObject({ provider: 'test', retriable: false, details: { version, supported: [1] } });
    expect((error as Error).message).toMatch(/protocol version/);
  });

  it('still calls a version-1 envelope with a missing field malformed', () => {
    expect(RealtimeError.isInstance(refusal({ ...v1, id: undefined }), 'MALFORMED_MESSAGE')).toBe(true);
    expect(RealtimeError.isInstance(refusal(['m-1']), 'MALFORMED_MESSAGE')).toBe(true);
  });
});
