/** Small Web-standard helpers shared by the kit's routes and the examples' handlers. */
import type { AuthUser } from '@switchboard/core/server';
import type { RouteContext, RouteHandler } from './example.js';

/** A JSON response with `no-store`, like the auth endpoint's. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** The `{ error: { code, message } }` body every example answers refusals with. */
export function jsonError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

/** Reads a JSON object body; `undefined` when it is missing or not an object. */
export async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body = (await request.json()) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface CompiledRoute {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/** Compiles `"METHOD /path/:param"` keys into a matcher. */
export function createRouter(routes: Record<string, RouteHandler>): (request: Request, path: string) => Promise<Response> | undefined {
  const compiled: CompiledRoute[] = Object.entries(routes).map(([key, handler]) => {
    const [method, path] = key.split(' ');
    if (!method || !path?.startsWith('/')) throw new Error(`Route "${key}" must look like "GET /path"`);
    return { method: method.toUpperCase(), segments: path.split('/').filter(Boolean), handler };
  });
  return (request, path) => {
    const segments = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of compiled) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((segment, index) => {
        const actual = segments[index] as string;
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = decodeURIComponent(actual);
          return true;
        }
        return segment === actual;
      });
      if (!matches) continue;
      pathMatched = true;
      if (route.method === request.method) return Promise.resolve(route.handler(request, { params, url: new URL(request.url) }));
    }
    return pathMatched ? Promise.resolve(jsonError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`)) : undefined;
  };
}

/** A handler that also gets the signed-in user. */
export type SignedInHandler = (request: Request, context: RouteContext & { user: AuthUser }) => Response | Promise<Response>;

/** Wraps a handler so it answers 401 unless the request carries a valid demo token. */
export function signedIn(authenticate: (request: Request) => Promise<AuthUser | null>, handler: SignedInHandler): RouteHandler {
  return async (request, context) => {
    const user = await authenticate(request);
    if (!user) return jsonError(401, 'UNAUTHORIZED', 'Sign in first');
    return handler(request, { ...context, user });
  };
}
