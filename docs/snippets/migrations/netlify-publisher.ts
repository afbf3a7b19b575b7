// netlify/lib/realtime.ts — one publisher per function instance, reused while it stays warm.
import { publisherFromEnv } from '@switchboard/core/server';

export const publisher = publisherFromEnv(); // REALTIME_PROVIDER=ably + ABLY_API_KEY (REST: no socket to keep)
