/** Types of budgets.mjs. */
import type { Bundle } from './build-bundles.mjs';
export declare const BUDGET_BYTES: number;
export declare const GUARD_ADDED_BYTES: Record<'socket-io' | 'pusher' | 'ably', number>;
export declare const COMPARISONS: Record<'socket-io' | 'pusher' | 'ably', { raw: string; switchboard: string; label: string }>;
export declare function budgetFor(
  bundles: Record<string, Bundle>,
  provider: 'socket-io' | 'pusher' | 'ably',
): { rawFiles: string[]; ourFiles: string[]; rawBytes: number; ourBytes: number; limit: number; guard: number; eager: string[] };
