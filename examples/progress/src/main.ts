/** `pnpm --filter @switchboard-example/progress start [--emulators]`: this example on its own. */
import { runExamples } from '@switchboard-example/kit';
import { progressExample } from './index.js';

await runExamples([progressExample]);
