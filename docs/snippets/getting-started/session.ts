// session.ts — stands in for your app's authentication. The auth endpoint calls `currentUser` with the
// Web `Request` of each call (the Fetch API's Request: `headers`, `url`, cookies in `headers.get('cookie')`)
// and expects the signed-in user `{ id }`, or `null` for "not signed in" (answered 401).
import type { AuthUser } from '@switchboard/core/server';

export function currentUser(request: Request): AuthUser | null {
  return demoUser(request.headers.get('x-demo-user'));
}

// This demo trusts an `x-demo-user` header, which anyone can forge: replace it with your session or token check.
export function demoUser(header: string | null | undefined): AuthUser | null {
  return header && /^[\w-]{1,64}$/.test(header) ? { id: header } : null;
}
