/** Types of framework-bundles.mjs, for the TypeScript side of the benchmark. */
export declare const FRAMEWORK_BUDGET_BYTES: number;
export type FrameworkEntry = 'core-client' | 'vue' | 'svelte' | 'core-client-events' | 'vue-events' | 'svelte-events';
export declare const FRAMEWORK_ENTRIES: Record<FrameworkEntry, string>;
export declare function buildFrameworkBundles(): Promise<Record<FrameworkEntry, { path: string; gzipped: number }>>;
export declare const FRAMEWORK_GUARD_ADDED_BYTES: Record<'vue' | 'svelte', number>;
export declare function frameworkChecks(): Promise<{ name: string; path: string; gzip: boolean; limit?: string }[]>;
