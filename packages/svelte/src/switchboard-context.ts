/**
 * How a Svelte app (or a subtree) gets its subscriber: `setSwitchboard` in a root component or
 * layout puts it in Svelte's context. A subscriber built from options is created in the browser the
 * first time a binding mounts — never during server rendering (SvelteKit) — and closed when the
 * component that called `setSwitchboard` is destroyed.
 */
import { type CreateSubscriberOptions, createSubscriber, RealtimeError, type RealtimeSubscriber } from '@switchboard/core/client';
import { getContext, onDestroy, setContext } from 'svelte';
import { type Readable, writable } from 'svelte/store';

/** A subscriber you created and own (never closed for you), or the options to create one. */
export type SwitchboardSource =
  | {
      /** A subscriber you created and own: it is never closed for you. */
      subscriber: RealtimeSubscriber;
      /** Not with `subscriber`. */
      options?: never;
    }
  | {
      /**
       * Options for `createSubscriber`, e.g. `{ provider: 'socket-io', url }` or `{ authEndpoint }`.
       * The subscriber is created in the browser when the first binding mounts, and closed when
       * the component that called `setSwitchboard` is destroyed.
       */
      options: CreateSubscriberOptions;
      /** Not with `options`. */
      subscriber?: never;
    };

/** What the bindings read from context. */
export interface SwitchboardContext {
  /** Undefined on the server and until a binding first mounted in the browser. */
  readonly subscriber: Readable<RealtimeSubscriber | undefined>;
  /** Creates the subscriber from options if not done yet; bindings call it when they mount. */
  activate(): void;
  /** Closes a subscriber created from options; one you passed is left open. */
  close(): Promise<void>;
}

const SWITCHBOARD = Symbol('switchboard');

/**
 * Makes a subscriber available to the calling component and its descendants. Call it while the
 * component initialises, typically in the root `+layout.svelte`.
 *
 * @example
 * setSwitchboard({ options: { authEndpoint: '/api/realtime/auth' } });
 */
export function setSwitchboard(source: SwitchboardSource): SwitchboardContext {
  if (!source?.subscriber && !source?.options) {
    throw new RealtimeError('CONFIG', 'Switchboard: pass a subscriber or options');
  }
  const subscriber = writable<RealtimeSubscriber | undefined>(source.subscriber);
  let created: RealtimeSubscriber | undefined;
  const context: SwitchboardContext = {
    subscriber: { subscribe: subscriber.subscribe },
    activate() {
      if (created || source.subscriber || !source.options) return;
      created = createSubscriber(source.options);
      subscriber.set(created);
    },
    async close() {
      const closing = created;
      if (!closing) return;
      subscriber.set(undefined);
      await closing.close();
    },
  };
  setContext(SWITCHBOARD, context);
  onDestroy(() => void context.close());
  return context;
}

/** The nearest Switchboard context; throws a `CONFIG` error without `setSwitchboard` above. */
export function getSwitchboard(): SwitchboardContext {
  const context = getContext<SwitchboardContext | undefined>(SWITCHBOARD);
  if (!context) throw new RealtimeError('CONFIG', 'Switchboard: no setSwitchboard in a parent component');
  return context;
}

/**
 * The subscriber as a store: `undefined` on the server and, when built from options, until the
 * first binding mounted in the browser.
 */
export function getSubscriber(): Readable<RealtimeSubscriber | undefined> {
  return getSwitchboard().subscriber;
}
