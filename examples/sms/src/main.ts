/** `pnpm --filter @switchboard-example/sms start [--emulators]`: this example on its own. */
import { runExamples } from '@switchboard-example/kit';
import { smsExample } from './index.js';

await runExamples([smsExample]);
