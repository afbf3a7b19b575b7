import { describe, expect, it } from 'vitest';
import { createMessageId, type Envelope, encodeEnvelope, parseEnvelope, parseEnvelopeWithTrace, RealtimeError } from '../src/index.js';

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
  it('reads an envelope without `v`, or with `v: 1`, as version 1 (older publishers during a rolling deploy)', () => {
    expect(parseEnvelope(v1)).toMatchObject(v1);
    expect(parseEnvelope(JSON.stringify({ ...v1, v: 1 }))).toMatchObject({ ...v1, v: 1 });
  });

  it('reads version 2, the positional form, as parsed JSON and as JSON text', () => {
    expect(parseEnvelope([2, 'm-1', 'posted', { text: 'hi' }, 1_700_000_000_000])).toEqual(v1);
    expect(parseEnvelope('[2,"m-1","posted",{"text":"hi"},1700000000000,3,null,"42.7",1]')).toEqual({
      ...v1,
      seq: 3,
      exclude: '42.7',
      unnumberedBefore: true,
    });
    // Elements after the last known one are a later minor addition: ignored.
    expect(parseEnvelope([2, 'm-1', 'posted', null, 5, 1, 9, null, 0, { trace: 'x' }])).toEqual({
      id: 'm-1',
      event: 'posted',
      data: null,
      ts: 5,
      seq: 1,
      historySeq: 9,
    });
  });

  it.each<[string, Envelope]>([
    ['only the required members', v1],
    ['a sequence', { ...v1, seq: 1 }],
    ['a history number without a sequence', { ...v1, historySeq: 12 }],
    ['an exclusion', { ...v1, seq: 4, exclude: 'socket-1' }],
    ['every member', { ...v1, data: [1, null], seq: 2, historySeq: 7, exclude: 'c', unnumberedBefore: true }],
    ['null data', { ...v1, data: null }],
  ])('encodes and reads back an envelope with %s', (_name, envelope) => {
    const wire = encodeEnvelope(envelope);
    expect(wire[0]).toBe(2);
    expect(wire.at(-1)).not.toBeUndefined();
    expect(parseEnvelope(JSON.parse(JSON.stringify(wire)))).toEqual(envelope);
  });

  it('carries the excluded user at position 11, read back by servers; receivers without it are unaffected', () => {
    const envelope = { ...v1, seq: 1, excludeUser: 'alice' };
    const wire = encodeEnvelope(envelope);
    expect(wire).toEqual([2, 'm-1', 'posted', { text: 'hi' }, v1.ts, 1, null, null, null, null, null, 'alice']);
    expect(parseEnvelopeWithTrace(JSON.stringify(wire))).toEqual(envelope);
    // Browsers' reader leaves it out (the Pusher subscriber reads position 11 itself); an envelope without it reads as before.
    expect(parseEnvelope(wire)).toEqual({ ...v1, seq: 1 });
    expect(parseEnvelopeWithTrace([2, 'm-1', 'posted', { text: 'hi' }, v1.ts])).toEqual(v1);
    expect(parseEnvelopeWithTrace({ ...v1, excludeUser: 'bob' })).toEqual({ ...v1, excludeUser: 'bob' });
  });

  it('is shorter on the wire than version 1', () => {
    const envelope = { id: createMessageId(), event: 'posted', data: { text: 'hi' }, ts: Date.now(), seq: 1 };
    expect(JSON.stringify(encodeEnvelope(envelope)).length).toBeLessThan(JSON.stringify(envelope).length - 20);
  });

  it.each([
    ['v: 3 with the version-1 fields', { ...v1, v: 3 }, 3],
    ['v: 2 in the object form (version 2 is positional)', { ...v1, v: 2 }, 2],
    ['v: 3 in JSON text', JSON.stringify({ ...v1, v: 3 }), 3],
    ['v: 3 with short field names', { v: 3, i: 'm-1', e: 'posted', d: {} }, 3],
    ['v: "1" (a string is not a version)', { ...v1, v: '1' }, '1'],
    ['v: null', { ...v1, v: null }, null],
    ['a positional envelope of version 3', [3, 'm-1', 'posted', {}, 1], 3],
    ['a positional envelope of version 1 (version 1 has no positional form)', [1, 'm-1', 'posted', {}, 1], 1],
  ])('refuses %s with UNSUPPORTED_PROTOCOL, never as a version it reads', (_name, raw, version) => {
    const error = refusal(raw);
    expect(RealtimeError.isInstance(error, 'UNSUPPORTED_PROTOCOL')).toBe(true);
    expect(error).toMatchObject({ provider: 'test', retriable: false, details: { version, supported: [1, 2] } });
    expect((error as Error).message).toMatch(/protocol version/);
  });

  it.each([
    ['a version-1 envelope without id', { ...v1, id: undefined }],
    ['an array without a version', ['m-1']],
    ['a version-2 envelope without ts', [2, 'm-1', 'posted', {}]],
    ['a version-2 envelope with an empty id', [2, '', 'posted', {}, 1]],
    ['a version-2 envelope with a numeric id', [2, 7, 'posted', {}, 1]],
  ])('calls %s malformed', (_name, raw) => {
    expect(RealtimeError.isInstance(refusal(raw), 'MALFORMED_MESSAGE')).toBe(true);
  });
});

describe('message ids', () => {
  it('are a per-process random prefix and a counter: distinct, short, JSON- and URL-safe', () => {
    const ids = Array.from({ length: 10_000 }, () => createMessageId());
    expect(new Set(ids).size).toBe(ids.length);
    const [first = '', second = ''] = ids;
    expect(first).toMatch(/^[0-9A-Za-z]{12}\.[0-9a-z]+$/);
    expect(second.slice(0, 12)).toBe(first.slice(0, 12));
    expect(ids.every((id) => id.length <= 20)).toBe(true);
  });
});
