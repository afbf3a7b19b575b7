/** `pnpm --filter @switchboard-example/conversations start [--emulators]`: this example on its own. */
import { runExamples } from '@switchboard-example/kit';
import { conversationsExample } from './index.js';

await runExamples([conversationsExample]);
