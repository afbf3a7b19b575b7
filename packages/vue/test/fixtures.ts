/** The composable tests' fixtures: the shared channels and recording memory provider (fixtures/bindings/), and a mount helper. */
import { type App, type Component, createApp, h } from 'vue';
import { createSwitchboard, type SwitchboardSource } from '../src/index.js';

export { type Gate, graceless, observer, progress, room, type Setup, secrets, setup } from '../../../fixtures/bindings/memory-setup.js';

export interface Mounted {
  app: App;
  root: HTMLElement;
  unmount(): void;
}

/** Mounts `component` in a fresh app with the Switchboard plugin. */
export function mountWith(source: SwitchboardSource, component: Component, props: Record<string, unknown> = {}): Mounted {
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(component, props) }).use(createSwitchboard(source));
  app.mount(root);
  return {
    app,
    root,
    unmount: () => {
      app.unmount();
      root.remove();
    },
  };
}
