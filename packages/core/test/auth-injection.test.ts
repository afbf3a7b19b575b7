import { createChannelChecker, RealtimeError } from '@switchboard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channels, errorOf, formRequest, handlerWith, jsonRequest, rules, users } from './support/auth-fixtures.js';

// User 42 may have progress:user:42, announcements and conversation:c1. Every name below tries to
// reach something more; none may be answered with anything but 400.
const injections: Array<[string, string]> = [
  ['a comma list', 'progress:user:42,progress:user:7'],
  ['a comma list led by a public channel', 'announcements,progress:user:7'],
  ['a * wildcard param', 'progress:user:*'],
  ['a * wildcard namespace', 'progress:*'],
  ['a bare *', '*'],
  ['a # fragment', 'progress:user:42#progress:user:7'],
  ['a # wildcard', 'progress:user:#'],
  ['an Ably capability list', '["progress:user:7"]'],
  ['a private- prefix smuggled in front', 'private-progress:user:42'],
  ['a presence- prefix smuggled in front', 'presence-conversation:c2'],
  ['a private- prefix inside the param', 'progress:user:42:private-progress:user:7'],
  ['an extra segment', 'progress:user:42:extra'],
  ['a 10 KB name', `progress:user:${'4'.repeat(10_240)}`],
  ['a 10 KB comma list of the user’s own channel', 'progress:user:42,'.repeat(600)],
  ['fullwidth digits (confusable)', 'progress:user:４２'],
  ['a Cyrillic о (confusable)', 'prоgress:user:42'],
  ['a fullwidth colon (confusable)', 'progress：user:42'],
  ['a right-to-left override', 'progress:user:42\u202e'],
  ['a zero-width space', 'progress:user:\u200b42'],
  ['a trailing newline', 'progress:user:42\n'],
  ['a NUL byte', 'progress:user:42\u0000progress:user:7'],
  ['a space', 'progress:user:42 '],
  ['percent encoding', 'progress:user:42%2Cprogress:user:7'],
  ['path traversal', 'progress:user:../7'],
  ['a regex meta', 'progress:user:(42|7)'],
  ['an empty name', ''],
];

describe('channel-name injection at the auth endpoint', () => {
  it('still issues the legitimate credential (the control case)', async () => {
    const { handler, issued } = handlerWith();
    expect((await handler(formRequest({ channel_name: 'progress:user:42' }))).status).toBe(200);
    expect(issued).toHaveLength(1);
  });

  it.each(injections)('refuses %s with 400 and issues nothing (form body)', async (_label, name) => {
    const { handler, issued } = handlerWith();
    const response = await handler(formRequest({ channel_name: name }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toMatch(/INVALID_CHANNEL|PAYLOAD_TOO_LARGE|VALIDATION_FAILED/);
    expect(issued).toEqual([]);
  });

  it.each(injections)('refuses %s with 400 and issues nothing (JSON body)', async (_label, name) => {
    const { handler, issued } = handlerWith();
    const response = await handler(jsonRequest({ channel_name: name }));
    expect(response.status).toBe(400);
    expect(issued).toEqual([]);
  });

  it('refuses a repeated form field instead of picking one of the values', async () => {
    const { handler, issued } = handlerWith();
    const request = new Request('http://app.test/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'session=session-42' },
      body: 'channel_name=progress%3Auser%3A42&channel_name=progress%3Auser%3A7',
    });
    const response = await handler(request);
    expect(response.status).toBe(400);
    expect(issued).toEqual([]);
  });

  it('refuses a channel_name that is a list or object instead of a string', async () => {
    const { handler, issued } = handlerWith();
    for (const value of [['progress:user:42', 'progress:user:7'], { name: 'progress:user:7' }, 42, null]) {
      expect((await handler(jsonRequest({ channel_name: value }))).status).toBe(400);
    }
    expect(issued).toEqual([]);
  });

  it('does not let a __proto__ key change how the body is read', async () => {
    const { handler, issued } = handlerWith();
    const response = await handler(jsonRequest('{"__proto__":{"channel_name":"progress:user:42"}}'));
    expect(response.status).toBe(400);
    const form = await handler(formRequest({ __proto__: 'x', channel_name: 'progress:user:7' } as Record<string, string>));
    expect(form.status).toBe(403);
    expect(issued).toEqual([]);
  });

  it('treats a look-alike of the user’s own id as another user’s channel (403, not widened)', async () => {
    const { handler, issued } = handlerWith();
    for (const name of ['progress:user:042', 'progress:user:42.0', 'progress:user:+42']) {
      expect((await handler(formRequest({ channel_name: name }))).status, name).toBe(403);
    }
    expect(issued).toEqual([]);
  });
});

describe('createChannelChecker never widens', () => {
  const check = createChannelChecker(channels, rules);
  const user = users['session-42'];

  it.each(injections)('rejects %s with INVALID_CHANNEL', async (_label, name) => {
    await expect(check(user, name)).rejects.toSatisfy((error) => RealtimeError.isInstance(error, 'INVALID_CHANNEL'));
  });

  it('allows only exact names of the user’s own channels, for any string', async () => {
    const allowedNames = new Set(['progress:user:42', 'announcements', 'conversation:c1']);
    const interesting = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc
        .constantFrom('progress:user:', 'conversation:', 'announcements', 'private-', ',', '*', '#', ':', '42', '7', 'c1')
        .chain((prefix) => fc.string({ maxLength: 12 }).map((tail) => prefix + tail)),
      fc
        .array(fc.constantFrom('progress', 'user', '42', '7', 'c1', 'conversation', 'announcements', ':', ',', '*'), { maxLength: 6 })
        .map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(interesting, async (name) => {
        let allowed = false;
        try {
          allowed = (await check(user, name)).allowed;
        } catch (error) {
          if (!RealtimeError.isInstance(error, 'INVALID_CHANNEL')) throw error;
        }
        expect(allowed).toBe(allowedNames.has(name));
      }),
      { numRuns: 400 },
    );
  });
});
