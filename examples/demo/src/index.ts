/**
 * Every example, in the order of the index page. `pnpm demo` (scripts/demo.ts) and the end-to-end
 * tests run this list; a new example is added here and to this package's dependencies.
 */

import { commentsExample } from '@switchboard-example/comments';
import { conversationsExample } from '@switchboard-example/conversations';
import type { ExampleDefinition } from '@switchboard-example/kit';
import { progressExample } from '@switchboard-example/progress';
import { sessionsExample } from '@switchboard-example/sessions';
import { smsExample } from '@switchboard-example/sms';

export const allExamples: readonly ExampleDefinition[] = [
  progressExample,
  commentsExample,
  conversationsExample,
  sessionsExample,
  smsExample,
];
