import { defineChannel, matchChannel, parseChannelName, RealtimeError, type StandardSchemaV1 } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const any: StandardSchemaV1<unknown> = { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } };

const expectCode = (action: () => unknown, code: string, message?: RegExp) => {
  try {
    action();
  } catch (error) {
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect((error as RealtimeError).code).toBe(code);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected ${code}`);
};

describe('defineChannel', () => {
  const sms = defineChannel('sms:{userId}:{contactId}', { access: 'private', events: { message: any } });

  it('builds the logical name from params and parses it back', () => {
    const ref = sms({ userId: 42, contactId: '+15551234567' });
    expect(ref.name).toBe('sms:42:+15551234567');
    expect(ref.params).toEqual({ userId: '42', contactId: '+15551234567' });
    expect(parseChannelName(sms, 'sms:42:+15551234567')).toEqual({ userId: '42', contactId: '+15551234567' });
    expect(parseChannelName(sms, 'sms:42')).toBeUndefined();
    expect(parseChannelName(sms, 'sms:42:7:8')).toBeUndefined();
    expect(matchChannel([sms], 'sms:1:2')?.definition).toBe(sms);
  });

  it.each([
    ['', 'empty'],
    ['a:{user id}', 'a param name that is not an identifier'],
    ['a:{x}:{x}', 'a param twice'],
    ['a:{x}{y}', 'params not separated'],
    ['a:{x}-{y}', 'params separated without ":"'],
    ['a b:{x}', 'a space'],
    ['a:{x', 'an unbalanced brace'],
    ['a:*', 'a character outside the set'],
  ])('rejects the invalid template %j (%s), naming it and the rules', (template) => {
    expectCode(
      () => defineChannel(template, { access: 'public', events: { e: any } }),
      'INVALID_CHANNEL',
      new RegExp(`^Invalid channel template ${JSON.stringify(template).replace(/[{}*]/g, '\\$&')}: .*each once, ":" between params`),
    );
  });

  it('accepts templates at the edges of the rules', () => {
    for (const template of ['a', '{x}', 'a:{x}', '{x}:{y}', 'a:{x}.b:{y}_z', 'org:{o}:team.{t}-lead']) {
      expect(defineChannel(template, { access: 'public', events: { e: any } }).template).toBe(template);
    }
  });

  it('rejects a definition without events or with a bad access kind', () => {
    expectCode(() => defineChannel('a', { access: 'public', events: {} }), 'CONFIG', /no events/);
    expectCode(() => defineChannel('a', { access: 'secret' as 'public', events: { e: any } }), 'CONFIG', /access/);
  });

  it('rejects invalid event names in a definition', () => {
    expectCode(() => defineChannel('a', { access: 'public', events: { 'bad name': any } }), 'INVALID_EVENT');
    expectCode(() => defineChannel('a', { access: 'public', events: { 'pusher:subscribe': any } }), 'INVALID_EVENT');
  });

  it('rejects missing, extra, empty and separator-containing params', () => {
    // @ts-expect-error contactId missing
    expectCode(() => sms({ userId: '1' }), 'INVALID_CHANNEL', /missing \{contactId\}/);
    // @ts-expect-error extra param
    expectCode(() => sms({ userId: '1', contactId: '2', extra: '3' }), 'INVALID_CHANNEL', /unknown \{extra\}/);
    expectCode(() => sms({ userId: '', contactId: '2' }), 'INVALID_CHANNEL', /userId/);
    expectCode(() => sms({ userId: 'a:b', contactId: '2' }), 'INVALID_CHANNEL', /no ":"/);
    expectCode(() => sms({ userId: 'a,b', contactId: '2' }), 'INVALID_CHANNEL');
    expectCode(() => sms({ userId: '*', contactId: '2' }), 'INVALID_CHANNEL');
    expectCode(() => sms({ userId: 'é', contactId: '2' }), 'INVALID_CHANNEL');
    expectCode(() => sms({ userId: 'x'.repeat(129), contactId: '2' }), 'INVALID_CHANNEL');
  });

  it('keeps channels without params callable with no argument', () => {
    const lobby = defineChannel('lobby', { access: 'public', events: { hello: any } });
    expect(lobby({}).name).toBe('lobby');
    expect(parseChannelName(lobby, 'lobby')).toEqual({});
  });
});
