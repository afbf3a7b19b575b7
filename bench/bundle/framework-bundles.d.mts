/** Types of framework-bundles.mjs, for the TypeScript side of the benchmark. */
export declare const FRAMEWORK_BUDGET_BYTES: number;
export declare const FRAMEWORK_ENTRIES: Record<'core-client' | 'vue' | 'svelte', string>;
export declare function buildFrameworkBundles(): Promise<Record<'core-client' | 'vue' | 'svelte', { path: string; gzipped: number }>>;
export declare const FRAMEWORK_GUARD_ADDED_BYTES: Record<'vue' | 'svelte', number>;
export declare function frameworkChecks(): Promise<{ name: string; path: string; gzip: boolean; limit?: string }[]>;
