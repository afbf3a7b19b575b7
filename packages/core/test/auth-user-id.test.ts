import { assertAuthUser, MAX_USER_ID_LENGTH, RealtimeError, userIdProblem } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { errorOf, handlerWith, jsonRequest } from './support/auth-fixtures.js';

describe('user ids at the auth boundary', () => {
  it.each([
    ['42'],
    ['user_1'],
    ['ada@example.test'],
    ['auth0|5f7c8ec7c33c6c004bbafe82'],
    ['Ada Lovelace'],
    ['tenant:7:user:42'],
    ['Zoë 👩‍💻'],
    ['u'.repeat(MAX_USER_ID_LENGTH)],
  ])('accepts %j', (id) => {
    expect(userIdProblem(id)).toBeUndefined();
    expect(() => assertAuthUser({ id })).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['u'.repeat(MAX_USER_ID_LENGTH + 1), /longer than 128/],
    ['*', /wildcard/],
    ['ada*', /wildcard/],
    ['ada\n', /control/],
    ['ada\u0000', /control/],
    ['ada\u007f', /control/],
    ['ada\u009b', /control/],
    ['ada\u2028', /control/],
    ['ada\ud800', /control/],
    ['switchboard:watcher', /reserved/],
    ['switchboard:anything', /reserved/],
    [42, /string/],
  ])('refuses %j with INVALID_USER', (id, reason) => {
    expect(userIdProblem(id)).toMatch(reason);
    let thrown: unknown;
    try {
      assertAuthUser({ id } as never, 'ably');
    } catch (error) {
      thrown = error;
    }
    expect(RealtimeError.isInstance(thrown, 'INVALID_USER')).toBe(true);
    expect((thrown as RealtimeError).provider).toBe('ably');
  });

  it('the handler answers 403 INVALID_USER and issues nothing; a non-string id stays a 500 app bug', async () => {
    const wildcard = handlerWith({ authenticate: () => ({ id: '*' }) });
    const response = await wildcard.handler(jsonRequest({ channel_name: 'announcements' }));
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'INVALID_USER' });
    expect(wildcard.issued).toEqual([]);
    expect(wildcard.errors).toEqual([]);

    const numeric = handlerWith({ authenticate: () => ({ id: 42 }) as never });
    expect((await numeric.handler(jsonRequest({ channel_name: 'announcements' }))).status).toBe(500);
    expect(numeric.issued).toEqual([]);
  });
});
