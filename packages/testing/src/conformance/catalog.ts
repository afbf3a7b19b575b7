/**
 * The channels the conformance suite uses. Schemas are hand-written Standard Schema values, so the
 * suite depends on no validation library.
 */
import { defineChannel, ownerOnly, type StandardSchemaV1 } from '@switchboard/core';

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

export const note = objectSchema({ text: 'string', n: 'number' });
export const ping = objectSchema({});
export const blob = objectSchema({ body: 'string' });

export const publicRoom = defineChannel('conformance:public:{room}', {
  access: 'public',
  events: { note, ping, blob },
});

export const privateInbox = defineChannel('conformance:private:{userId}', {
  access: 'private',
  events: { note },
  authorize: ownerOnly('userId'),
});

export const presenceRoom = defineChannel('conformance:presence:{room}', {
  access: 'presence',
  events: { note },
  presence: objectSchema({ name: 'string' }),
  authorize: (user) => user.id.length > 0,
});

export const conformanceChannels = [publicRoom, privateInbox, presenceRoom] as const;
