/** `pnpm --filter @switchboard-example/sessions start [--emulators]`: this example on its own. */
import { runExamples } from '@switchboard-example/kit';
import { sessionsExample } from './index.js';

await runExamples([sessionsExample]);
