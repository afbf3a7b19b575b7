import { describe, expect, it } from 'vitest';
import { type SessionEventName, sessionEventNames, sessionPushMessage, sessionPushMessages } from '../src/sessions.js';
import { sessionPayloads } from './fixtures.js';

describe('session push messages', () => {
  it('has a message for each of the eleven events', () => {
    expect(sessionEventNames).toHaveLength(11);
    expect(Object.keys(sessionPushMessages).sort()).toEqual([...sessionEventNames].sort());
  });

  it.each(sessionEventNames.map((event) => [event] as const))('%s has a title and a body', (event: SessionEventName) => {
    const message = sessionPushMessage(event, sessionPayloads[event] as never);
    expect(message.title.trim().length).toBeGreaterThan(0);
    expect(message.body.trim().length).toBeGreaterThan(0);
    expect(message.title.length).toBeLessThanOrEqual(65);
    expect(message.body.length).toBeLessThanOrEqual(178);
  });

  it('keeps the title and body of the guide for the compact', () => {
    expect(sessionPushMessage('partner.signed_compact', sessionPayloads['partner.signed_compact'])).toEqual({
      title: 'Partner is ready',
      body: 'They signed the Curiosity Compact. Your turn!',
    });
  });

  it('uses the payload where it helps', () => {
    expect(sessionPushMessage('partner.stage_completed', { userId: 'a', timestamp: '2024-01-15T10:30:00.000Z', stage: 3 }).body).toContain(
      'stage 3',
    );
    expect(
      sessionPushMessage('partner.needs_shared', { userId: 'a', timestamp: '2024-01-15T10:30:00.000Z', needsCount: 1 }).body,
    ).toContain('1 need.');
    expect(
      sessionPushMessage('session.resolved', { userId: 'a', timestamp: '2024-01-15T10:30:00.000Z', agreementIds: ['x', 'y'] }).body,
    ).toContain('2 agreements');
  });

  it('never quotes what a partner wrote on a lock screen', () => {
    const proposed = sessionPushMessage('agreement.proposed', sessionPayloads['agreement.proposed']);
    const paused = sessionPushMessage('session.paused', sessionPayloads['session.paused']);
    expect(`${proposed.title} ${proposed.body}`).not.toContain(sessionPayloads['agreement.proposed'].summary);
    expect(`${paused.title} ${paused.body}`).not.toContain(sessionPayloads['session.paused'].reason ?? '(no reason)');
  });
});
