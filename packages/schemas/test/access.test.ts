import { checkAccess, createSubscriber, listenForWhisper, parseChannelName, RealtimeError, whisper } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';
import { chapterViewersAccess, conversationAccess, progressAccess, sessionAccess, smsAccess } from '../src/access.js';
import { chapterComments, chapterViewers } from '../src/comments.js';
import { conversation } from '../src/conversations.js';
import { progress } from '../src/progress.js';
import { session } from '../src/sessions.js';
import { smsContacts, smsConversation, smsNotifications } from '../src/sms.js';

const ownerOnlyRules = [progressAccess, ...smsAccess];

const ownerOnlyChannels = [
  { name: 'progress', channel: progress({ userId: 'user_1' }) },
  { name: 'sms conversation', channel: smsConversation({ userId: 'user_1', contactId: 'contact_9' }) },
  { name: 'sms contacts', channel: smsContacts({ userId: 'user_1' }) },
  { name: 'sms notifications', channel: smsNotifications({ userId: 'user_1' }) },
];

describe('owner-only channels take the owner from the channel params', () => {
  it.each(ownerOnlyChannels.map((entry) => [entry.name, entry.channel] as const))('%s: the owner is allowed', async (_name, channel) => {
    await expect(checkAccess({ id: 'user_1' }, channel, ownerOnlyRules)).resolves.toEqual({ allowed: true });
  });

  it.each(ownerOnlyChannels.map((entry) => [entry.name, entry.channel] as const))('%s: another user is refused', async (_name, channel) => {
    await expect(checkAccess({ id: 'user_2' }, channel, ownerOnlyRules)).resolves.toEqual({
      allowed: false,
      reason: 'only user user_1 may subscribe',
    });
  });

  it('refuses a signed-out visitor', async () => {
    await expect(checkAccess(undefined, progress({ userId: 'user_1' }), ownerOnlyRules)).resolves.toEqual({
      allowed: false,
      reason: 'not signed in',
    });
  });

  it('refuses another user at subscribe time on a real hub', async () => {
    const hub = new MemoryHub({ rules: ownerOnlyRules });
    const intruder = createSubscriber({ provider: 'memory', hub, user: { id: 'user_2' } });
    const subscription = intruder.subscribe(smsConversation({ userId: 'user_1', contactId: 'contact_9' }), 'message', () => {});
    const failure = await subscription.ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'FORBIDDEN')).toBe(true);
    await intruder.close();
  });
});

describe('channels whose ownership needs a lookup take an app callback', () => {
  const owns = (userId: string, conversationId: string) => userId === 'owner' && conversationId === 'conv_1';

  it('conversation: the owner is allowed and the callback sees user and conversation ids', async () => {
    const calls: Array<[string, string]> = [];
    const rules = [
      conversationAccess((userId, conversationId) => {
        calls.push([userId, conversationId]);
        return owns(userId, conversationId);
      }),
    ];
    await expect(checkAccess({ id: 'owner' }, conversation({ conversationId: 'conv_1' }), rules)).resolves.toEqual({ allowed: true });
    expect(calls).toEqual([['owner', 'conv_1']]);
  });

  it('conversation: another user is refused with a reason', async () => {
    const rules = [conversationAccess(async (userId, conversationId) => owns(userId, conversationId))];
    await expect(checkAccess({ id: 'stranger' }, conversation({ conversationId: 'conv_1' }), rules)).resolves.toEqual({
      allowed: false,
      reason: 'conversation conv_1 belongs to another user',
    });
  });

  it('conversation: without the app rule every subscription is refused (default deny)', async () => {
    const result = await checkAccess({ id: 'owner' }, conversation({ conversationId: 'conv_1' }));
    expect(result.allowed).toBe(false);
  });

  it('session: both participants are allowed, anyone else is refused', async () => {
    const rules = [sessionAccess((userId, sessionId) => sessionId === 'sess_1' && (userId === 'alice' || userId === 'bob'))];
    const channel = session({ sessionId: 'sess_1' });
    await expect(checkAccess({ id: 'alice' }, channel, rules)).resolves.toEqual({ allowed: true });
    await expect(checkAccess({ id: 'bob' }, channel, rules)).resolves.toEqual({ allowed: true });
    await expect(checkAccess({ id: 'mallory' }, channel, rules)).resolves.toEqual({
      allowed: false,
      reason: 'user mallory is not a participant of session sess_1',
    });
  });

  it('session: without the app rule every subscription is refused (default deny)', async () => {
    const result = await checkAccess({ id: 'alice' }, session({ sessionId: 'sess_1' }));
    expect(result.allowed).toBe(false);
  });

  it('session: a non-participant cannot enter presence on a real hub', async () => {
    const hub = new MemoryHub({ rules: [sessionAccess((userId) => userId === 'alice')] });
    const mallory = createSubscriber({ provider: 'memory', hub, user: { id: 'mallory' } });
    const failure = await mallory
      .presence(session({ sessionId: 'sess_1' }))
      .enter({ name: 'Mallory' })
      .catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'FORBIDDEN')).toBe(true);
    await mallory.close();
  });
});

describe('comment channels', () => {
  it('the chapter comment channel is public: anyone may read it', async () => {
    expect(chapterComments.access).toBe('public');
    await expect(checkAccess(undefined, chapterComments({ chapterId: 'chap_7' }))).resolves.toEqual({ allowed: true });
  });

  it('the viewers channel is presence: signed-in users may join, visitors may not', async () => {
    const channel = chapterViewers({ chapterId: 'chap_7' });
    expect(chapterViewers.access).toBe('presence');
    await expect(checkAccess({ id: 'user_1' }, channel, [chapterViewersAccess])).resolves.toEqual({ allowed: true });
    await expect(checkAccess(undefined, channel, [chapterViewersAccess])).resolves.toEqual({ allowed: false, reason: 'not signed in' });
  });

  it('validates presence data before entering', async () => {
    const hub = new MemoryHub({ rules: [chapterViewersAccess] });
    const viewer = createSubscriber({ provider: 'memory', hub, user: { id: 'user_1' } });
    await expect(viewer.presence(chapterViewers({ chapterId: 'chap_7' })).enter({ name: '' })).rejects.toThrow(/name: must not be empty/);
    await viewer.close();
  });

  it('viewer:typing is a client event between viewers: typed, validated, its sender named by the hub', async () => {
    const hub = new MemoryHub({ rules: [chapterViewersAccess] });
    const channel = chapterViewers({ chapterId: 'chap_7' });
    const ada = createSubscriber({ provider: 'memory', hub, user: { id: 'user_ada' } });
    const grace = createSubscriber({ provider: 'memory', hub, user: { id: 'user_grace' } });
    let heard: (value: [boolean, string | undefined]) => void = () => {};
    const typing = new Promise<[boolean, string | undefined]>((resolve) => {
      heard = resolve;
    });
    await listenForWhisper(grace, channel, 'viewer:typing', (data, meta) => heard([data.typing, meta.userId])).ready;
    await whisper(ada, channel, 'viewer:typing', { typing: true });
    expect(await typing).toEqual([true, 'user_ada']);
    // @ts-expect-error typing is a boolean
    const invalid = await whisper(ada, channel, 'viewer:typing', { typing: 'yes' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(invalid, 'VALIDATION_FAILED')).toBe(true);
    await Promise.all([ada.close(), grace.close()]);
  });
});

describe('channel names', () => {
  it('builds the logical names the guides use', () => {
    expect(progress({ userId: 42 }).name).toBe('progress:user:42');
    expect(chapterComments({ chapterId: 'chap_7' }).name).toBe('comments:chapter:chap_7');
    expect(chapterViewers({ chapterId: 'chap_7' }).name).toBe('comments:viewers:chap_7');
    expect(conversation({ conversationId: 'abc-123-def-456' }).name).toBe('conversation:abc-123-def-456');
    expect(session({ sessionId: 'sess_1' }).name).toBe('beheard:session:sess_1');
    expect(smsConversation({ userId: 'user_123', contactId: 'contact_456' }).name).toBe('sms:user_123:contact_456');
    expect(smsContacts({ userId: 'user_123' }).name).toBe('contacts:user_123');
    expect(smsNotifications({ userId: 'user_123' }).name).toBe('notifications:user_123');
  });

  it('parses a logical name back into its params', () => {
    expect(parseChannelName(smsConversation, 'sms:user_123:contact_456')).toEqual({ userId: 'user_123', contactId: 'contact_456' });
    expect(parseChannelName(progress, 'progress:user:')).toBeUndefined();
  });

  it('refuses a param that would break the name apart', () => {
    expect(() => smsConversation({ userId: 'user:1', contactId: 'c' })).toThrow(/param userId/);
  });
});
