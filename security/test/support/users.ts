/**
 * The app's users and their bearer JWTs (HS256, signed here with node:crypto so the tests depend on
 * no JWT library), plus the bad credentials every endpoint must refuse.
 */
import { createHmac } from 'node:crypto';

export const JWT_SECRET = 'security-suite-jwt-secret-0123456789abcdef';
const OTHER_SECRET = 'an-attacker-guessed-this-secret-0123456789';

const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Signs an HS256 JWT for `claims` with `secret`. */
export function signJwt(
  claims: Record<string, unknown>,
  secret = JWT_SECRET,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const body = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** A valid token for `userId` (the name becomes the public profile). */
export const tokenFor = (userId: string) => signJwt({ sub: userId, name: userId, exp: inAnHour() });

/** `Authorization` header of a user. */
export const bearer = (userId: string) => ({ authorization: `Bearer ${tokenFor(userId)}` });

/** Credentials that must all be refused with 401, each named for the test title. */
export function badTokens(userId: string): Array<[string, string]> {
  const valid = tokenFor(userId);
  const [header, , signature] = valid.split('.');
  const forgedPayload = base64Url(JSON.stringify({ sub: 'victim', name: 'victim', exp: inAnHour() }));
  return [
    ['expired', signJwt({ sub: userId, exp: Math.floor(Date.now() / 1000) - 600 })],
    ['signed with the wrong key', signJwt({ sub: userId, exp: inAnHour() }, OTHER_SECRET)],
    ['tampered payload (sub swapped, old signature)', `${header}.${forgedPayload}.${signature}`],
    ['unsigned (alg none)', `${base64Url(JSON.stringify({ alg: 'none' }))}.${forgedPayload}.`],
    ['without an expiry', signJwt({ sub: userId })],
    ['garbage', 'not.a.jwt'],
  ];
}
