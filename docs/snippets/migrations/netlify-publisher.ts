// netlify/lib/realtime.ts — one publisher per function instance, reused while it stays warm.
import { publisherFromEnv } from '@switchboard/core/server';

// REALTIME_PROVIDER=ably + ABLY_API_KEY (REST: no socket to keep). A Netlify function has 10 s: the
// 'serverless' policy gives up within 2.5 s, so the function can still answer with a clear error.
export const publisher = publisherFromEnv(process.env, { retry: 'serverless' });
