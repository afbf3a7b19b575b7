/** The page the browser test loads: mounts the compiled Scoreboard component. */
import { mount } from 'svelte';
import Scoreboard from './Scoreboard.svelte';

const root = document.getElementById('root');
if (root) mount(Scoreboard, { target: root, props: { matchId: 'final' } });
