// config/realtime.ts — one publisher for the whole CMS, chosen by REALTIME_PROVIDER.
import { publisherFromEnv } from '@switchboard/core/server';

// REALTIME_PROVIDER=ably + ABLY_API_KEY today; another provider later without touching the hooks.
export const publisher = publisherFromEnv();
