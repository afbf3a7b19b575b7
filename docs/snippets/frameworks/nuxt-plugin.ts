// plugins/switchboard.ts — Nuxt runs plugins on the server too: the plugin only records the options;
// the subscriber is created in the browser when the first composable mounts.

import { createSwitchboard } from '@switchboard/vue';
import { defineNuxtPlugin } from '#app';
import { realtime } from './realtime.js';

export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.vueApp.use(createSwitchboard({ options: realtime }));
});
