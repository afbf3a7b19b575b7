// Stand-ins for your app's data access, so the guides' snippets compile.
export declare const database: {
  isConversationOwner(userId: string, conversationId: string): Promise<boolean>;
  sessionParticipants(sessionId: string): Promise<string[]>;
  pushTokensOf(userId: string): Promise<string[]>;
  deletePushToken(token: string): Promise<void>;
};
