/** `pnpm --filter @switchboard-example/comments start [--emulators]`: this example on its own. */
import { runExamples } from '@switchboard-example/kit';
import { commentsExample } from './index.js';

await runExamples([commentsExample]);
