// session.ts — stands in for your app's authentication. The auth endpoint calls `currentUser` with the
// Web `Request` of each call (the Fetch API's Request: `headers`, `url`, cookies in `headers.get('cookie')`)
// and expects the signed-in user `{ id }`, or `null` for "not signed in" (answered 401).
import type { AuthUser } from '@switchboard/core/server';

export function currentUser(request: Request): AuthUser | null {
  return userFromCookie(request.headers.get('cookie'));
}

// This demo trusts a `user` cookie, which anyone can forge: replace it with your session or token check.
export function userFromCookie(cookie: string | null | undefined): AuthUser | null {
  const id = /(?:^|;\s*)user=([\w-]{1,64})(?:;|$)/.exec(cookie ?? '')?.[1];
  return id ? { id } : null;
}
