// Express or plain Node: toNodeHandler converts IncomingMessage/ServerResponse to Request/Response.
import { createServer } from 'node:http';
import { toNodeHandler } from '@switchboard/core/auth';
import { realtimeAuth } from './realtime-auth.js';

const handler = toNodeHandler(realtimeAuth);
// Express (4 or 5): app.all('/api/realtime', handler);
createServer(handler).listen(3000); // plain Node
