import type { Database, ExampleContext, WriteAndPublish } from '@switchboard-example/kit';
import type { CommentStore } from '../comment-store.js';

/** What the comment routes are built with: in a Next.js app, module-level imports of `db` and `publisher`. */
export interface CommentRouteDependencies {
  store: CommentStore;
  /** For reads. */
  database: Database;
  /** Every change goes through it: the write and its `comment:*` message as one unit. */
  writeAndPublish: WriteAndPublish;
  authenticate: ExampleContext['authenticate'];
  log(message: string): void;
}
