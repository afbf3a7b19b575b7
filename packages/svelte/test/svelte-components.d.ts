/** The test components are .svelte files, compiled by scripts/svelte-compile.mjs; TypeScript sees their default export. */
declare module '*.svelte' {
  import type { Component } from 'svelte';
  // biome-ignore lint/suspicious/noExplicitAny: props and exports differ per component; each test passes what its component declares
  const component: Component<any, any>;
  export default component;
}
