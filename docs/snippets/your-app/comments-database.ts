// Stand-in for the app's Prisma call, shaped like the comments catalog.
import type { AuthUser } from '@switchboard/core/server';
import type { Comment } from '@switchboard/schemas/comments';

export declare function saveComment(input: {
  text: string;
  parentId?: string | undefined;
  chapterId: string;
  author: AuthUser;
}): Promise<Comment>;

export declare function findComment(chapterId: string, commentId: string): Promise<Comment | undefined>;
export declare function updateComment(commentId: string, text: string): Promise<Comment>;
export declare function deleteComment(commentId: string): Promise<void>;
