// describe.ts — asking the running adapter what it can do, instead of hard-coding provider names.
import { publisher } from './realtime-server.js';

const { provider, capabilities, limits } = await publisher.describe();
console.log(`${provider}: presence query ${capabilities.serverPresence ? 'yes' : 'no'}, up to ${limits.maxPayloadBytes} bytes`);

const health = await publisher.health(); // { status: 'healthy' | 'degraded' | 'unhealthy', provider, details }
if (health.status !== 'healthy') console.warn('realtime provider', health);
