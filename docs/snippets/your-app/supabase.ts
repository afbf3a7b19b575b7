// Stand-in for the Supabase client's session lookup.
export declare function getSupabaseAccessToken(): Promise<string>;
