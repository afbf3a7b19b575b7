/**
 * Where each demo user's phone is: one Expo push token per user, as a mobile app would have
 * registered on sign-in. The stand-in push service delivers to these.
 */

/** The Expo push token of `userId`'s phone. */
export function pushTokenOf(userId: string): string {
  return `ExponentPushToken[${userId}-phone]`;
}

/** The user a token belongs to, or `undefined` for tokens this demo did not hand out. */
export function userOfPushToken(token: string): string | undefined {
  return /^ExponentPushToken\[(.+)-phone\]$/.exec(token)?.[1];
}
