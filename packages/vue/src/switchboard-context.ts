/**
 * How a Vue app (or a subtree) gets its subscriber: the `createSwitchboard` plugin or
 * `provideSwitchboard` in a component, both through `provide`/`inject`. A subscriber built from
 * options is created on the client the first time a composable mounts — never during server
 * rendering — and closed when the app (or the providing component) unmounts.
 */
import { type CreateSubscriberOptions, createSubscriber, RealtimeError, type RealtimeSubscriber } from '@switchboard/core/client';
import { type InjectionKey, inject, onUnmounted, type Plugin, provide, type ShallowRef, shallowRef } from 'vue';

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
       * The subscriber is created on the client when the first composable mounts, and closed on
       * unmount.
       */
      options: CreateSubscriberOptions;
      /** Not with `options`. */
      subscriber?: never;
    };

/** What the composables inject. */
export interface SwitchboardContext {
  /** Undefined on the server and until a composable first mounted on the client. */
  readonly subscriber: ShallowRef<RealtimeSubscriber | undefined>;
  /** Creates the subscriber from options if not done yet; composables call it when they mount. */
  activate(): void;
  /** Closes a subscriber created from options; one you passed is left open. */
  close(): Promise<void>;
}

const SWITCHBOARD: InjectionKey<SwitchboardContext> = Symbol('switchboard');

function createContext(source: SwitchboardSource): SwitchboardContext {
  if (!source?.subscriber && !source?.options) {
    throw new RealtimeError('CONFIG', 'Switchboard: pass a subscriber or options');
  }
  const subscriber = shallowRef<RealtimeSubscriber | undefined>(source.subscriber);
  let created: RealtimeSubscriber | undefined;
  return {
    subscriber,
    activate() {
      if (subscriber.value || !source.options) return;
      created = createSubscriber(source.options);
      subscriber.value = created;
    },
    async close() {
      const closing = created;
      created = undefined;
      if (!closing) return;
      if (subscriber.value === closing) subscriber.value = undefined;
      await closing.close();
    },
  };
}

/**
 * A Vue plugin that makes a subscriber available to every component of the app.
 *
 * @example
 * createApp(App).use(createSwitchboard({ options: { authEndpoint: '/api/realtime/auth' } })).mount('#app');
 */
export function createSwitchboard(source: SwitchboardSource): Plugin {
  return {
    install(app) {
      const context = createContext(source);
      app.provide(SWITCHBOARD, context);
      app.onUnmount(() => void context.close());
    },
  };
}

/**
 * Makes a subscriber available to the calling component's descendants (a component-level
 * alternative to the plugin); one created from options closes when this component unmounts.
 */
export function provideSwitchboard(source: SwitchboardSource): SwitchboardContext {
  const context = createContext(source);
  provide(SWITCHBOARD, context);
  onUnmounted(() => void context.close());
  return context;
}

/** The nearest Switchboard context; throws a `CONFIG` error outside the plugin or a provider. */
export function injectSwitchboard(): SwitchboardContext {
  const context = inject(SWITCHBOARD, null);
  if (!context) throw new RealtimeError('CONFIG', 'Switchboard: no createSwitchboard plugin or provideSwitchboard above');
  return context;
}

/**
 * The subscriber as a ref: `undefined` on the server and before the first composable mounted on
 * the client when it is built from options.
 */
export function useSubscriber(): Readonly<ShallowRef<RealtimeSubscriber | undefined>> {
  return injectSwitchboard().subscriber;
}
