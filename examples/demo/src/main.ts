/** Runs every example on one port: what `pnpm demo` and `pnpm --filter @switchboard-example/demo start` do. */
import { runExamples } from '@switchboard-example/kit';
import { allExamples } from './index.js';

await runExamples(allExamples);
