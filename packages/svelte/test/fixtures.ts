/** The Svelte binding tests' fixtures: the shared channels and recording memory provider (fixtures/bindings/), and a mount helper. */
import { type Component, flushSync, mount, unmount } from 'svelte';

export { type Gate, graceless, observer, progress, room, type Setup, secrets, setup } from '../../../fixtures/bindings/memory-setup.js';

export interface Mounted<TExports> {
  root: HTMLElement;
  exports: TExports;
  unmount(): void;
}

/** Mounts `component` into a fresh element of the document. */
export function mountComponent<TExports = Record<string, never>>(
  // biome-ignore lint/suspicious/noExplicitAny: .svelte imports are typed by svelte's ambient module declaration, whose props are any
  component: Component<Record<string, any>, Record<string, any>>,
  props: Record<string, unknown>,
): Mounted<TExports> {
  const root = document.createElement('div');
  document.body.append(root);
  const instance = mount(component, { target: root, props });
  const exports = instance as TExports;
  flushSync();
  return {
    root,
    exports,
    unmount: () => {
      void unmount(instance);
      root.remove();
    },
  };
}
