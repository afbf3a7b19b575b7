import { defineChannel, RealtimeError } from '@switchboard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeChannelBody,
  encodeChannelBody,
  fromPusherChannelName,
  MAX_PUSHER_CHANNEL_NAME_LENGTH,
  pusherChannelName,
  toPusherChannelName,
} from '../src/index.js';

const PUSHER_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;
const access = fc.constantFrom('public' as const, 'private' as const, 'presence' as const);
// Arbitrary strings of every kind, plus ones built from the characters the encoding treats specially.
const tricky = fc.string({
  unit: fc.constantFrom(':', ',', ';', '+', '~', '#', 'p', 'r', 'i', 'v', 'a', 't', 'e', '-', 'c', 'h', 'n', 'u', '0'),
});
const logicalName = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.string({ minLength: 1, unit: 'binary' }),
  tricky.filter((name) => name.length > 0),
);

describe('logical ↔ Pusher channel names', () => {
  it('round-trips any logical name through the encoded body', () => {
    fc.assert(
      fc.property(logicalName, (name) => {
        const body = encodeChannelBody(name);
        expect(body).toMatch(PUSHER_NAME);
        expect(decodeChannelBody(body)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips (name, access) through full Pusher names whenever they fit', () => {
    fc.assert(
      fc.property(logicalName, access, (name, level) => {
        let pusherName: string;
        try {
          pusherName = toPusherChannelName(name, level);
        } catch (error) {
          expect(RealtimeError.isInstance(error, 'INVALID_CHANNEL')).toBe(true);
          const prefixLength = level === 'public' ? 0 : level.length + 1;
          expect(prefixLength + encodeChannelBody(name).length).toBeGreaterThan(MAX_PUSHER_CHANNEL_NAME_LENGTH);
          return;
        }
        expect(pusherName.length).toBeLessThanOrEqual(MAX_PUSHER_CHANNEL_NAME_LENGTH);
        expect(pusherName).toMatch(PUSHER_NAME);
        expect(fromPusherChannelName(pusherName)).toEqual({ name, access: level });
      }),
      { numRuns: 2000 },
    );
  });

  it('never maps two different (name, access) pairs to one Pusher name', () => {
    fc.assert(
      fc.property(logicalName, access, logicalName, access, (leftName, leftAccess, rightName, rightAccess) => {
        fc.pre(leftName !== rightName || leftAccess !== rightAccess);
        const left = (leftAccess === 'public' ? '' : `${leftAccess}-`) + encodeChannelBody(leftName);
        const right = (rightAccess === 'public' ? '' : `${rightAccess}-`) + encodeChannelBody(rightName);
        expect(left).not.toBe(right);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts only canonical spellings when mapping back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', 'u', 'c', 's', '0', '4', '1', 'p', '-') }), (candidate) => {
        const decoded = fromPusherChannelName(candidate);
        if (decoded) expect(toPusherChannelName(decoded.name, decoded.access)).toBe(candidate);
      }),
      { numRuns: 3000 },
    );
    expect(fromPusherChannelName(';u0041')).toBeUndefined();
    expect(fromPusherChannelName('a;x')).toBeUndefined();
  });

  it('keeps common names readable and escapes prefixes Pusher gives meaning to', () => {
    expect(toPusherChannelName('progress:user:42', 'private')).toBe('private-progress,user,42');
    expect(toPusherChannelName('room:a.b@c=d_e-f', 'public')).toBe('room,a.b@c=d_e-f');
    expect(toPusherChannelName('private-x', 'public')).toBe(';u0070rivate-x');
    expect(toPusherChannelName('cache-x', 'presence')).toBe('presence-;u0063ache-x');
    expect(toPusherChannelName('encrypted-x', 'private')).toBe('private-;u0065ncrypted-x');
  });

  it('fails with INVALID_CHANNEL before sending when the Pusher name would exceed 164 characters', () => {
    const wide = defineChannel('w:{a}:{b}', {
      access: 'presence',
      events: { ping: { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } } },
    });
    const fits = wide({ a: 'a'.repeat(76), b: 'b'.repeat(76) });
    expect(pusherChannelName(fits)).toHaveLength(164);
    const tooLong = wide({ a: 'a'.repeat(77), b: 'b'.repeat(76) });
    expect(() => pusherChannelName(tooLong)).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
    expect(() => pusherChannelName(wide({ a: '~'.repeat(20), b: 'b' }))).not.toThrow();
  });
});
