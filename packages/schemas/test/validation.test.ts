import { RealtimeError, type StandardSchemaV1, validateWithSchema } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import * as catalogs from '../src/index.js';
import { at, comment, eventCases } from './fixtures.js';

const definitions = [
  catalogs.progress,
  catalogs.chapterComments,
  catalogs.chapterViewers,
  catalogs.conversation,
  catalogs.session,
  catalogs.smsConversation,
  catalogs.smsContacts,
  catalogs.smsNotifications,
];

describe('every event accepts a valid payload', () => {
  it('has a valid payload fixture for each event of each channel', () => {
    const covered = new Set(eventCases.map((entry) => `${entry.definition.template}/${entry.event}`));
    const declared = definitions.flatMap((definition) => Object.keys(definition.events).map((event) => `${definition.template}/${event}`));
    // 27 server events; the viewers channel's `viewer:typing` is a client event (access.test.ts).
    expect(declared.length).toBe(27);
    expect(declared.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(eventCases.map((entry) => [`${entry.channel.name} ${entry.event}`, entry] as const))('%s', async (_name, entry) => {
    const schema = entry.definition.events[entry.event];
    if (!schema) throw new Error(`no schema for ${entry.event}`);
    await expect(validateWithSchema(schema, entry.data, entry.event)).resolves.toEqual(entry.data);
  });
});

const progressEvents = catalogs.progress.events;
const kit = eventCases.find((entry) => entry.event === 'kit:updated')?.data as Record<string, unknown>;
const lesson = eventCases.find((entry) => entry.event === 'lesson:updated')?.data as Record<string, unknown>;
const smsMessage = eventCases.find((entry) => entry.definition === catalogs.smsConversation && entry.event === 'message')?.data as Record<
  string,
  unknown
>;
const omit = (value: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));

interface InvalidCase {
  name: string;
  schema: StandardSchemaV1;
  data: unknown;
  /** The `path: reason` line the error must contain. */
  expected: RegExp;
}

const invalidCases: InvalidCase[] = [
  { name: 'missing field', schema: progressEvents['lesson:updated'], data: omit(lesson, 'lessonId'), expected: /lessonId: is required/ },
  {
    name: 'wrong type',
    schema: progressEvents['lesson:updated'],
    data: { ...lesson, isCompleted: 'yes' },
    expected: /isCompleted: must be a boolean/,
  },
  {
    name: 'percentage above 100',
    schema: progressEvents['kit:updated'],
    data: { ...kit, completionPercentage: 120 },
    expected: /completionPercentage: must be at most 100, received 120/,
  },
  {
    name: 'negative percentage',
    schema: progressEvents['kit:updated'],
    data: { ...kit, completionPercentage: -1 },
    expected: /completionPercentage: must be at least 0, received -1/,
  },
  {
    name: 'more completed lessons than lessons',
    schema: progressEvents['kit:updated'],
    data: { ...kit, completedLessonsCount: 9 },
    expected: /completedLessonsCount: must not exceed totalLessonsCount/,
  },
  {
    name: 'fractional count',
    schema: progressEvents['level:updated'],
    data: { userId: 42, levelId: 3, documentId: 'lv3', completedLessonsCount: 1.5, isCompleted: false, timestamp: at },
    expected: /completedLessonsCount: must be a whole number/,
  },
  {
    name: 'non-ISO date',
    schema: progressEvents['lesson:updated'],
    data: { ...lesson, timestamp: 'Mon, 15 Jan 2024 10:30:00 GMT' },
    expected: /timestamp: must be an ISO 8601 timestamp/,
  },
  {
    name: 'impossible calendar date',
    schema: progressEvents['lesson:updated'],
    data: { ...lesson, completionDate: '2024-02-31T10:00:00.000Z' },
    expected: /completionDate: must be a real calendar date and time/,
  },
  {
    name: 'bad status enum',
    schema: catalogs.conversation.events.status,
    data: { status: 'done', timestamp: at },
    expected: /status: must be one of searching, processing, complete, error, received "done"/,
  },
  {
    name: 'error status without detail',
    schema: catalogs.conversation.events.status,
    data: { status: 'error', timestamp: at },
    expected: /detail: is required when status is "error"/,
  },
  {
    name: 'non-assistant message role',
    schema: catalogs.conversation.events.message,
    data: { id: 'm', role: 'user', content: 'hi', createdAt: at },
    expected: /role: must be "assistant"/,
  },
  {
    name: 'non-E.164 number (leading zero, as in the SMS guide)',
    schema: catalogs.smsConversation.events.message,
    data: { ...smsMessage, to: '+0987654321' },
    expected: /to: must be an E.164 phone number such as \+14155550123, received "\+0987654321"/,
  },
  {
    name: 'non-E.164 number (formatted)',
    schema: catalogs.smsNotifications.events.phone_number_assignment,
    data: { phoneNumberId: 'p', phoneNumber: '(415) 555-0123', action: 'assigned', timestamp: at },
    expected: /phoneNumber: must be an E.164 phone number/,
  },
  {
    name: 'bad direction enum',
    schema: catalogs.smsConversation.events.message,
    data: { ...smsMessage, direction: 'sideways' },
    expected: /direction: must be inbound or outbound, received "sideways"/,
  },
  {
    name: 'bad delivery status',
    schema: catalogs.smsConversation.events.message_status,
    data: { messageId: 'sms_1', contactId: 'c', status: 'lost', timestamp: at },
    expected: /status: must be one of queued, sending, sent, delivered, undelivered, failed/,
  },
  {
    name: 'bad contact action',
    schema: catalogs.smsContacts.events.update,
    data: { action: 'merge', contact: { id: 'c' } },
    expected: /action: must be create, update or delete, received "merge"/,
  },
  {
    name: 'contact update without phone number',
    schema: catalogs.smsContacts.events.update,
    data: { action: 'create', contact: { id: 'c' } },
    expected: /contact\.phoneNumber: is required/,
  },
  {
    name: 'bad assignment action',
    schema: catalogs.smsNotifications.events.phone_number_assignment,
    data: { phoneNumberId: 'p', phoneNumber: '+14155550123', action: 'moved', timestamp: at },
    expected: /action: must be assigned or unassigned, received "moved"/,
  },
  {
    name: 'nested wrong type',
    schema: catalogs.chapterComments.events['comment:new'],
    data: { comment: { ...comment, author: { ...comment.author, avatar: 'not a url' } } },
    expected: /comment\.author\.avatar: must be a URL, received "not a url"/,
  },
  {
    name: 'empty comment text',
    schema: catalogs.chapterComments.events['comment:update'],
    data: { comment: { ...comment, text: '' } },
    expected: /comment\.text: must not be empty/,
  },
  {
    name: 'missing comment id on delete',
    schema: catalogs.chapterComments.events['comment:delete'],
    data: {},
    expected: /commentId: is required/,
  },
  {
    name: 'session stage going backwards',
    schema: catalogs.session.events['partner.advanced'],
    data: { userId: 'alice', timestamp: at, fromStage: 2, toStage: 1 },
    expected: /toStage: must be later than fromStage/,
  },
  {
    name: 'negative session stage',
    schema: catalogs.session.events['partner.stage_completed'],
    data: { userId: 'alice', timestamp: at, stage: -1 },
    expected: /stage: must not be negative, received -1/,
  },
  {
    name: 'resolved without agreement list',
    schema: catalogs.session.events['session.resolved'],
    data: { userId: 'alice', timestamp: at, agreementIds: 'agr_1' },
    expected: /agreementIds: must be an array of ids/,
  },
  {
    name: 'presence name missing',
    schema: catalogs.viewerPresenceSchema,
    data: { avatar: 'https://img.example.com/a.png' },
    expected: /name: is required/,
  },
  {
    name: 'nested object missing',
    schema: catalogs.chapterComments.events['comment:new'],
    data: {},
    expected: /comment: is required/,
  },
  {
    name: 'nested object of the wrong type',
    schema: catalogs.smsContacts.events.update,
    data: { action: 'delete', contact: 'c' },
    expected: /contact: must be an object, received "c"/,
  },
  {
    name: 'payload not an object',
    schema: catalogs.conversation.events.complete,
    data: 'done',
    expected: /\(root\): must be an object, received "done"/,
  },
];

describe('invalid payloads fail naming the path and the reason', () => {
  it.each(invalidCases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const failure = await validateWithSchema(entry.schema, entry.data, 'Payload').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(RealtimeError.isInstance(failure, 'VALIDATION_FAILED')).toBe(true);
    expect((failure as RealtimeError).message).toMatch(entry.expected);
  });
});

describe('timestamps', () => {
  const schema = catalogs.timestampSchema;
  it.each(['2024-01-15T10:30:00.000Z', '2024-01-15T10:30:00Z', '2024-01-15T12:30:00+02:00', '2024-02-29T00:00:00.000Z'])(
    'accepts %s',
    async (value) => {
      await expect(validateWithSchema(schema, value, 'Timestamp')).resolves.toBe(value);
    },
  );

  it.each(['2024-01-15', '15/01/2024 10:30', '2024-01-15T10:30:00', '2023-02-29T00:00:00.000Z', ''])('refuses %j', async (value) => {
    await expect(validateWithSchema(schema, value, 'Timestamp')).rejects.toThrow(/\(root\): must be/);
  });

  it('reports a malformed timestamp once, not also as an impossible date', async () => {
    const failure = (await validateWithSchema(schema, 'yesterday', 'Timestamp').catch((error: unknown) => error)) as RealtimeError;
    expect(failure.details?.issues).toEqual([
      '(root): must be an ISO 8601 timestamp such as 2024-01-15T10:30:00.000Z, received "yesterday"',
    ]);
  });
});
