/** The JWT guard every sms function starts with, as a Netlify function would. */
import type { AuthUser } from '@switchboard/core/server';
import { jsonError } from '@switchboard-example/kit';

export type Authenticate = (request: Request) => Promise<AuthUser | null>;

/** The verified user of the request, or the 401 to answer with. */
export async function requireUser(authenticate: Authenticate, request: Request): Promise<AuthUser | Response> {
  return (await authenticate(request)) ?? jsonError(401, 'UNAUTHORIZED', 'Send Authorization: Bearer <JWT>');
}
