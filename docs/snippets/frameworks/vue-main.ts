// main.ts — a Vue app: the plugin makes the subscriber available to every component.
import { createSwitchboard } from '@switchboard/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { realtime } from './realtime.js';

createApp(App)
  .use(createSwitchboard({ options: realtime }))
  .mount('#app');
