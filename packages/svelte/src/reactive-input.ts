/**
 * Inputs a binding follows: a plain value, a store, or a getter reading runes state (`() => id`),
 * which `toStore` turns into a store that updates when the state it read changes.
 */
import { type Readable, readable, toStore } from 'svelte/store';

/** A value, a store of it, or a getter (e.g. `() => room({ roomId })` reading `$state` or props). */
export type MaybeReactive<T> = T | Readable<T> | (() => T);

const isStore = (value: unknown): value is Readable<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as Readable<unknown>).subscribe === 'function';

/** The input as a store; call while the component initialises so getters track its state. */
export function toReadable<T>(input: MaybeReactive<T>): Readable<T> {
  if (typeof input === 'function') return toStore(input as () => T);
  if (isStore(input)) return input as Readable<T>;
  return readable(input as T);
}
