/**
 * Who owns which number. Each demo user has one; a number that belongs to nobody here is an
 * outside phone. Contact ids are derived from numbers so they are legal channel params.
 */

export const USER_NUMBERS: Readonly<Record<string, string>> = {
  ada: '+14155550101',
  grace: '+14155550102',
  alan: '+14155550103',
};

/** The number the "Simulate inbound SMS" button and the script send from by default. */
export const OUTSIDE_NUMBER = '+12025550147';

export function numberOf(userId: string): string | undefined {
  return USER_NUMBERS[userId];
}

export function ownerOf(phoneNumber: string): string | undefined {
  return Object.entries(USER_NUMBERS).find(([, number]) => number === phoneNumber)?.[0];
}

/** `+14155550101` → `p14155550101`. */
export function contactIdOf(phoneNumber: string): string {
  return `p${phoneNumber.replace(/\D/g, '')}`;
}

/** A display name for a number: the demo user who owns it, if any. */
export function nameOf(phoneNumber: string, names: ReadonlyArray<{ id: string; name: string }>): string | undefined {
  const owner = ownerOf(phoneNumber);
  return names.find((user) => user.id === owner)?.name;
}
