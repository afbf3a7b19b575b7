/**
 * The channels the conformance suite uses. Schemas are hand-written Standard Schema values, so the
 * suite depends on no validation library.
 */
import { defineChannel, defineUserEvents, ownerOnly, type StandardSchemaV1 } from '@switchboard/core';

type Shape = Record<string, 'string' | 'number'>;

/** A minimal Standard Schema object validator: exact field types, nothing more. */
export function objectSchema<TShape extends Shape>(
  shape: TShape,
): StandardSchemaV1<{ [K in keyof TShape]: TShape[K] extends 'string' ? string : number }> {
  return {
    '~standard': {
      version: 1,
      vendor: 'switchboard-conformance',
      validate(value) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          return { issues: [{ message: 'expected an object' }] };
        }
        const issues: StandardSchemaV1.Issue[] = [];
        for (const [key, type] of Object.entries(shape)) {
          const field = (value as Record<string, unknown>)[key];
          if (typeof field !== type) issues.push({ message: `expected ${type}, got ${typeof field}`, path: [key] });
        }
        // biome-ignore lint/suspicious/noExplicitAny: the output type is declared by the signature
        return issues.length ? { issues } : { value: value as any };
      },
    },
  };
}

/** A small note: a text and a number. */
export const note = objectSchema({
  /** Any text. */
  text: 'string',
  /** A number the cases use to order and count. */
  n: 'number',
});
/** An empty payload. */
export const ping = objectSchema({});
/** A payload of any size, for the limit cases. */
export const blob = objectSchema({
  /** The bytes, as text. */
  body: 'string',
});

/** A client event: who is typing, as the sender claims it (receivers learn the real sender from the provider). */
export const typing = objectSchema({
  /** The display name the sender shows. */
  name: 'string',
});
/** A client event: a pointer position. */
export const cursor = objectSchema({
  /** Horizontal position. */
  x: 'number',
  /** Vertical position. */
  y: 'number',
});

/** `conformance:public:{room}`: anyone may subscribe. */
export const publicRoom = defineChannel('conformance:public:{room}', {
  access: 'public',
  events: {
    /** A note. */
    note,
    /** An empty event. */
    ping,
    /** A large payload. */
    blob,
  },
});

/** `conformance:private:{userId}`: only that user may subscribe; its devices whisper to each other. */
export const privateInbox = defineChannel('conformance:private:{userId}', {
  access: 'private',
  events: {
    /** A note. */
    note,
  },
  clientEvents: {
    /** Typing on another device. */
    typing,
  },
  authorize: ownerOnly('userId'),
});

/** `conformance:presence:{room}`: any signed-in user may subscribe, enter and whisper. */
export const presenceRoom = defineChannel('conformance:presence:{room}', {
  access: 'presence',
  events: {
    /** A note. */
    note,
  },
  clientEvents: {
    /** Who is typing. */
    typing,
    /** Where a member's pointer is. */
    cursor,
  },
  presence: objectSchema({
    /** The member's display name. */
    name: 'string',
  }),
  authorize: (user) => user.id.length > 0,
});

/** A member's data as a strict client checks it. */
export interface StrictMemberName {
  /** Exactly this field: 1–40 letters, spaces, dots or dashes. */
  name: string;
}

/** A display name as a strict client checks it: exactly `{ name }`, 1–40 letters, spaces, dots or dashes. */
export const strictMemberName: StandardSchemaV1<StrictMemberName> = {
  '~standard': {
    version: 1,
    vendor: 'switchboard-conformance',
    validate(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return { issues: [{ message: 'expected an object' }] };
      const issues: StandardSchemaV1.Issue[] = Object.keys(value)
        .filter((key) => key !== 'name')
        .map((key) => ({ message: 'unexpected field', path: [key] }));
      const { name } = value as { name?: unknown };
      if (typeof name !== 'string' || !/^[\p{L} .-]{1,40}$/u.test(name)) {
        issues.push({ message: 'expected 1–40 letters, spaces, dots or dashes', path: ['name'] });
      }
      return issues.length ? { issues } : { value: { name: name as string } };
    },
  },
};

/**
 * The channels of {@link presenceRoom} as a stricter build of the app declares them: same template,
 * a presence schema that refuses what the server's lenient one lets through. Subscriber side only
 * (never given to a server), to put presence data on the wire that a receiver's schema refuses.
 */
export const strictPresenceRoom = defineChannel('conformance:presence:{room}', {
  access: 'presence',
  events: {
    /** A note. */
    note,
  },
  presence: strictMemberName,
  authorize: (user) => user.id.length > 0,
});

/** The conformance user-event catalog: `switchboard-user:{userId}`, owner-only by definition. */
export const conformanceUserEvents = defineUserEvents({
  /** A note to one user. */
  note,
});

/** The channel families of the suite and its user-event catalog; a harness's auth must know all of them. */
export const conformanceChannels = [publicRoom, privateInbox, presenceRoom, conformanceUserEvents] as const;
