// Stand-ins for what Nuxt and Vite give an app (Nuxt's `#app`, `.vue` files), so the framework snippets compile.
declare module '#app' {
  import type { App } from 'vue';
  export function defineNuxtPlugin(setup: (nuxtApp: { vueApp: App }) => void): unknown;
}

declare module '*.vue' {
  import type { Component } from 'vue';

  const component: Component;
  export default component;
}
