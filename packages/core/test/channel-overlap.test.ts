import {
  createChannelChecker,
  defineChannel,
  matchChannel,
  ownerOnly,
  parseChannelName,
  RealtimeError,
  templateOverlap,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anything, recordingAuthorizer } from './support/auth-fixtures.js';

const channel = (template: string, access: 'public' | 'private' = 'private') =>
  defineChannel(template, { access, events: { changed: anything() } });

const configError = (action: () => unknown): RealtimeError => {
  try {
    action();
  } catch (error) {
    if (RealtimeError.isInstance(error, 'CONFIG')) return error;
    throw error;
  }
  throw new Error('expected a CONFIG error');
};

describe('templateOverlap', () => {
  it.each([
    ['user:{userId}:{feed}', 'user:{userId}:inbox', 'user:x:inbox'],
    ['team:{teamId}:{room}', 'team:{teamId}:payroll', 'team:x:payroll'],
    ['a:{x}', 'a:{y}', 'a:x'],
    ['{x}:b', 'a:{y}', 'a:b'],
    ['user-{id}', '{x}-admin', 'user-admin'],
    ['room.{id}', 'room.{id}.x', 'room.x.x'],
    ['announcements', 'announcements', 'announcements'],
  ])('%s and %s overlap (both match %s)', (a, b, name) => {
    expect(templateOverlap(a, b)).toBe(name);
    expect(templateOverlap(b, a)).toBe(name);
    expect(parseChannelName(channel(a), name)).toBeDefined();
    expect(parseChannelName(channel(b), name)).toBeDefined();
  });

  it.each([
    ['user:{userId}', 'user:{userId}:inbox'],
    ['user:{userId}:feed:{feed}', 'user:{userId}:inbox'],
    ['progress:user:{userId}', 'progress:team:{teamId}'],
    ['a-{x}', 'b-{x}'],
    ['{x}.json', '{x}.xml'],
    ['a', 'a:{x}'],
    // The param may be 1–128 characters: never 129, never empty.
    [`p:${'b'.repeat(129)}`, 'p:{x}'],
    ['p:', 'p:{x}'],
    // Each fits, but a name matching both would be 257 characters, over the 256 limit.
    [`${'a'.repeat(128)}:{p}`, `{q}:${'b'.repeat(128)}`],
  ])('%s and %s never match the same name', (a, b) => {
    expect(templateOverlap(a, b)).toBeUndefined();
    expect(templateOverlap(b, a)).toBeUndefined();
  });

  // Small alphabets make overlaps frequent; the oracle tries every param value of up to 3 characters,
  // enough for these templates (no literal run is longer than 2 characters).
  const literal = fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 2 });
  const segment = fc.oneof(
    literal.map((text) => ({ text, param: false })),
    fc
      .tuple(fc.string({ unit: fc.constantFrom('a', '-'), maxLength: 1 }), fc.string({ unit: fc.constantFrom('b', '-'), maxLength: 1 }))
      .map(([prefix, suffix]) => ({ text: `${prefix}{P}${suffix}`, param: true })),
  );
  const template = fc
    .array(segment, { minLength: 1, maxLength: 3 })
    .filter((segments) => segments.filter((part) => part.param).length <= 2)
    .map((segments) => {
      let index = 0;
      return segments.map((part) => part.text.replace('{P}', () => `{p${index++}}`)).join(':');
    })
    .filter((text) => text.length > 0);
  const values: string[] = [];
  for (const length of [1, 2, 3]) {
    const grow = (prefix: string): void => {
      if (prefix.length === length) values.push(prefix);
      else for (const char of ['a', 'b', '-', 'z']) grow(prefix + char);
    };
    grow('');
  }
  const bruteForceOverlap = (a: string, b: string): boolean => {
    const first = channel(a);
    const second = channel(b);
    const names = first.paramNames.reduce<Array<Record<string, string>>>(
      (all, param) => all.flatMap((params) => values.map((value) => ({ ...params, [param]: value }))),
      [{}],
    );
    return names.some((params) => parseChannelName(second, first(params as never).name) !== undefined);
  };

  it('agrees with a brute-force search, and its witness matches both (property)', () => {
    fc.assert(
      fc.property(template, template, (a, b) => {
        const witness = templateOverlap(a, b);
        expect(witness !== undefined).toBe(bruteForceOverlap(a, b));
        expect(templateOverlap(b, a) !== undefined).toBe(witness !== undefined);
        if (witness !== undefined) {
          expect(parseChannelName(channel(a), witness)).toBeDefined();
          expect(parseChannelName(channel(b), witness)).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('overlapping definitions are refused when a checker or auth handler is built', () => {
  const feed = channel('user:{userId}:{feed}', 'public');
  const inbox = defineChannel('user:{userId}:inbox', {
    access: 'private',
    events: { changed: anything() },
    authorize: ownerOnly('userId'),
  });

  it('createChannelChecker names both templates and a name they share', () => {
    const error = configError(() => createChannelChecker([feed, inbox]));
    expect(error.message).toContain('"user:{userId}:{feed}"');
    expect(error.message).toContain('"user:{userId}:inbox"');
    expect(error.details).toEqual({ templates: ['user:{userId}:{feed}', 'user:{userId}:inbox'], example: 'user:x:inbox' });
    configError(() => createChannelChecker([inbox, feed]));
  });

  it('createAuthHandler refuses them in either order', () => {
    const { authorizer } = recordingAuthorizer();
    for (const channels of [
      [feed, inbox],
      [inbox, feed],
    ]) {
      expect(configError(() => createAuthHandler({ authenticate: () => ({ id: 'u2' }), channels, authorizer })).message).toMatch(/overlap/);
    }
  });

  it('the same definition listed twice is not an overlap; distinct templates build', async () => {
    const renamed = channel('user:{userId}:feed:{feed}', 'public');
    const check = createChannelChecker([inbox, renamed, inbox]);
    await expect(check({ id: 'u2' }, 'user:u1:inbox')).resolves.toMatchObject({ allowed: false });
    await expect(check({ id: 'u1' }, 'user:u1:inbox')).resolves.toMatchObject({ allowed: true });
    await expect(check({ id: 'u2' }, 'user:u1:feed:inbox')).resolves.toMatchObject({ allowed: true });
  });

  it('matchChannel resolves a name two definitions match to neither, never to the first listed', () => {
    expect(matchChannel([feed, inbox], 'user:u1:inbox')).toBeUndefined();
    expect(matchChannel([inbox, feed], 'user:u1:inbox')).toBeUndefined();
    expect(matchChannel([feed, inbox], 'user:u1:news')?.definition).toBe(feed);
    expect(matchChannel([inbox, inbox], 'user:u1:inbox')?.definition).toBe(inbox);
  });
});
