import type { RealtimePublisher, RealtimeSubscriber } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type Comment, chapterComments, chapterViewers } from '../src/comments.js';
import { type ConversationStatus, conversation } from '../src/conversations.js';
import { type KitProgress, progress } from '../src/progress.js';
import { type SessionEventData, type SessionEventName, type session, sessionPushMessages } from '../src/sessions.js';
import { type SmsDirection, smsContacts, smsConversation } from '../src/sms.js';

declare const publisher: RealtimePublisher;
declare const subscriber: RealtimeSubscriber;
const at = '2024-01-15T10:30:00.000Z';

describe('publish is typed by the catalog', () => {
  it('accepts a payload of the right shape', () => {
    void publisher.publish(progress({ userId: 42 }), 'kit:updated', {
      userId: 42,
      kitId: 1,
      documentId: 'kit1',
      completedLessonsCount: 5,
      totalLessonsCount: 8,
      completionPercentage: 62.5,
      timestamp: at,
    });
    void publisher.publish(conversation({ conversationId: 'c' }), 'status', { status: 'processing', timestamp: at });
  });

  it('refuses a wrong payload shape at compile time', () => {
    void publisher.publish(progress({ userId: 42 }), 'kit:updated', {
      userId: 42,
      kitId: 1,
      documentId: 'kit1',
      completedLessonsCount: 5,
      totalLessonsCount: 8,
      // @ts-expect-error completionPercentage must be a number
      completionPercentage: '62%',
      timestamp: at,
    });
    // @ts-expect-error 'done' is not a conversation status
    void publisher.publish(conversation({ conversationId: 'c' }), 'status', { status: 'done', timestamp: at });
    // @ts-expect-error commentId is missing
    void publisher.publish(chapterComments({ chapterId: 'c' }), 'comment:delete', {});
    void publisher.publish(smsConversation({ userId: 'u', contactId: 'c' }), 'message', {
      id: 'm',
      userId: 'u',
      contactId: 'c',
      phoneNumberId: 'p',
      // @ts-expect-error direction is inbound or outbound
      direction: 'sideways',
      from: '+14155550123',
      to: '+14155550124',
      text: 'hi',
      timestamp: at,
    });
  });

  it('refuses an event the channel does not declare', () => {
    // @ts-expect-error 'comment:new' belongs to the comment channel
    void publisher.publish(progress({ userId: 42 }), 'comment:new', { comment: {} });
  });

  it('refuses missing or unknown channel params', () => {
    // @ts-expect-error contactId is missing
    smsConversation({ userId: 'u' });
    // @ts-expect-error chapter is not a param of the viewers channel
    chapterViewers({ chapter: 'c' });
  });
});

describe('subscribe handlers receive typed data', () => {
  it('types a single-event handler', () => {
    subscriber.subscribe(progress({ userId: 42 }), 'kit:updated', (kit, meta) => {
      expectTypeOf(kit).toEqualTypeOf<KitProgress>();
      expectTypeOf(kit.completionPercentage).toEqualTypeOf<number>();
      expectTypeOf(meta.event).toEqualTypeOf<'kit:updated'>();
    });
  });

  it('types a handler map', () => {
    subscriber.subscribe(chapterComments({ chapterId: 'c' }), {
      'comment:new': ({ comment }) => {
        expectTypeOf(comment).toEqualTypeOf<Comment>();
        expectTypeOf(comment.parentId).toEqualTypeOf<string | null | undefined>();
        expectTypeOf(comment.author.avatar).toEqualTypeOf<string | undefined>();
      },
      'comment:delete': (data) => expectTypeOf(data).toEqualTypeOf<{ commentId: string }>(),
    });
    subscriber.subscribe(conversation({ conversationId: 'c' }), 'status', (update) => {
      expectTypeOf(update.status).toEqualTypeOf<ConversationStatus>();
    });
    subscriber.subscribe(smsConversation({ userId: 'u', contactId: 'c' }), 'message', (message) => {
      expectTypeOf(message.direction).toEqualTypeOf<SmsDirection>();
    });
  });

  it('narrows a contact update by its action', () => {
    subscriber.subscribe(smsContacts({ userId: 'u' }), 'update', (update) => {
      if (update.action === 'delete') {
        expectTypeOf(update.contact).toEqualTypeOf<{ id: string }>();
      } else {
        expectTypeOf(update.contact.phoneNumber).toEqualTypeOf<string>();
      }
    });
  });

  it('types presence data', async () => {
    const members = await subscriber.presence(chapterViewers({ chapterId: 'c' })).members();
    expectTypeOf(members[0]!.data).toEqualTypeOf<{ name: string; avatar?: string | undefined }>();
    // @ts-expect-error the viewers channel requires a name
    void subscriber.presence(chapterViewers({ chapterId: 'c' })).enter({ avatar: 'https://a.example' });
  });
});

describe('session push messages are typed per event', () => {
  it('gives each builder its own event payload', () => {
    expectTypeOf(sessionPushMessages['partner.stage_completed']).parameter(0).toEqualTypeOf<SessionEventData<'partner.stage_completed'>>();
    expectTypeOf<SessionEventData<'partner.advanced'>['toStage']>().toEqualTypeOf<number>();
    expectTypeOf<SessionEventName>().toEqualTypeOf<keyof typeof session.events>();
    // @ts-expect-error stage is required by partner.stage_completed
    sessionPushMessages['partner.stage_completed']({ userId: 'a', timestamp: at });
  });
});
