// Stand-in for your app's own authentication: read the session cookie or bearer token of a request
// and return the signed-in user, or null. Guides import it so their snippets compile.
import type { AuthUser } from '@switchboard/core/server';

export declare function currentUser(request: Request): Promise<AuthUser | null>;
