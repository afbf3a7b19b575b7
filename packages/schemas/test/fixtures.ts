/** One valid payload for every event of every catalog, with a channel to carry it. */
import type { AnyChannelDefinition, ChannelRef } from '@switchboard/core';
import { chapterComments } from '../src/comments.js';
import { conversation } from '../src/conversations.js';
import { progress } from '../src/progress.js';
import { type SessionEventMap, session } from '../src/sessions.js';
import { smsContacts, smsConversation, smsNotifications } from '../src/sms.js';

export const at = '2024-01-15T10:30:00.000Z';

export const comment = {
  id: 'cmt_1',
  text: 'Great chapter!',
  author: { id: 'user_2abc', name: 'Ada Lovelace', avatar: 'https://img.example.com/ada.png' },
  chapterId: 'chap_7',
  parentId: null,
  createdAt: at,
  updatedAt: at,
};

export const sessionPayloads: SessionEventMap = {
  'partner.signed_compact': { userId: 'alice', timestamp: at },
  'partner.stage_completed': { userId: 'alice', timestamp: at, stage: 1 },
  'partner.advanced': { userId: 'alice', timestamp: at, fromStage: 1, toStage: 2 },
  'partner.empathy_shared': { userId: 'alice', timestamp: at, statementId: 'stmt_1' },
  'partner.needs_shared': { userId: 'alice', timestamp: at, needsCount: 3 },
  'partner.ranking_submitted': { userId: 'alice', timestamp: at, rankingId: 'rank_1' },
  'agreement.proposed': { userId: 'alice', timestamp: at, agreementId: 'agr_1', summary: 'We take turns cooking on weekdays.' },
  'agreement.confirmed': { userId: 'bob', timestamp: at, agreementId: 'agr_1' },
  'session.paused': { userId: 'bob', timestamp: at, reason: 'I need a break after the hard part.' },
  'session.resumed': { userId: 'bob', timestamp: at },
  'session.resolved': { userId: 'alice', timestamp: at, agreementIds: ['agr_1'] },
};

export interface EventCase {
  /** The definition, so tests can read its schemas and access kind. */
  definition: AnyChannelDefinition;
  channel: ChannelRef;
  event: string;
  data: unknown;
  /** A user allowed on the channel (the owner or a participant). */
  owner: string;
}

const progressChannel = progress({ userId: 42 });
const smsChannel = smsConversation({ userId: 'user_123', contactId: 'contact_456' });

/** Every event of every catalog, each with one valid payload. */
export const eventCases: EventCase[] = [
  ...(['lesson:created', 'lesson:updated'] as const).map((event) => ({
    definition: progress,
    channel: progressChannel,
    event,
    owner: '42',
    data: { userId: 42, lessonId: 7, documentId: 'k2x9q', isCompleted: true, completionDate: at, timestamp: at },
  })),
  ...(['level:created', 'level:updated'] as const).map((event) => ({
    definition: progress,
    channel: progressChannel,
    event,
    owner: '42',
    data: { userId: 42, levelId: 3, documentId: 'lv3', completedLessonsCount: 4, isCompleted: false, timestamp: at },
  })),
  {
    definition: progress,
    channel: progressChannel,
    event: 'kit:updated',
    owner: '42',
    data: {
      userId: 42,
      kitId: 1,
      documentId: 'kit1',
      completedLessonsCount: 5,
      totalLessonsCount: 8,
      completionPercentage: 62.5,
      timestamp: at,
    },
  },
  ...(['comment:new', 'comment:update'] as const).map((event) => ({
    definition: chapterComments,
    channel: chapterComments({ chapterId: 'chap_7' }),
    event,
    owner: 'user_2abc',
    data: { comment },
  })),
  {
    definition: chapterComments,
    channel: chapterComments({ chapterId: 'chap_7' }),
    event: 'comment:delete',
    owner: 'user_2abc',
    data: { commentId: 'cmt_1' },
  },
  {
    definition: conversation,
    channel: conversation({ conversationId: 'abc-123-def-456' }),
    event: 'message',
    owner: 'owner-1',
    data: { id: 'msg_1', role: 'assistant', content: 'I found three programs that match.', createdAt: at },
  },
  {
    definition: conversation,
    channel: conversation({ conversationId: 'abc-123-def-456' }),
    event: 'status',
    owner: 'owner-1',
    data: { status: 'searching', detail: 'Searching 3 sources', timestamp: at },
  },
  {
    definition: conversation,
    channel: conversation({ conversationId: 'abc-123-def-456' }),
    event: 'complete',
    owner: 'owner-1',
    data: { goalId: 'goal_9', opportunitiesCount: 12 },
  },
  ...Object.entries(sessionPayloads).map(([event, data]) => ({
    definition: session,
    channel: session({ sessionId: 'sess_1' }),
    event,
    owner: 'alice',
    data,
  })),
  {
    definition: smsConversation,
    channel: smsChannel,
    event: 'message',
    owner: 'user_123',
    data: {
      id: 'sms_1',
      userId: 'user_123',
      contactId: 'contact_456',
      phoneNumberId: 'phone_456',
      direction: 'inbound',
      from: '+14155550123',
      to: '+447700900123',
      text: 'Hello!',
      timestamp: at,
    },
  },
  {
    definition: smsConversation,
    channel: smsChannel,
    event: 'message_status',
    owner: 'user_123',
    data: { messageId: 'sms_1', contactId: 'contact_456', status: 'delivered', timestamp: at },
  },
  {
    definition: smsContacts,
    channel: smsContacts({ userId: 'user_123' }),
    event: 'update',
    owner: 'user_123',
    data: { action: 'update', contact: { id: 'contact_456', name: 'Grace', phoneNumber: '+14155550123', unreadCount: 2 } },
  },
  {
    definition: smsNotifications,
    channel: smsNotifications({ userId: 'user_123' }),
    event: 'sms_received',
    owner: 'user_123',
    data: {
      messageId: 'sms_1',
      contactId: 'contact_456',
      phoneNumberId: 'phone_456',
      from: '+14155550123',
      preview: 'Hello!',
      timestamp: at,
    },
  },
  {
    definition: smsNotifications,
    channel: smsNotifications({ userId: 'user_123' }),
    event: 'phone_number_assignment',
    owner: 'user_123',
    data: { phoneNumberId: 'phone_456', phoneNumber: '+14155550123', action: 'assigned', timestamp: at },
  },
];
