import type { RealtimePublisher } from '@switchboard/core/server';
import type { ExampleContext } from '@switchboard-example/kit';
import type { CommentStore } from '../comment-store.js';

/** What the comment routes are built with: in a Next.js app, module-level imports of `db` and `publisher`. */
export interface CommentRouteDependencies {
  store: CommentStore;
  publisher: RealtimePublisher;
  authenticate: ExampleContext['authenticate'];
  log(message: string): void;
}
